package dev.fleetops.localhub.rest;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.auth.AccessRight;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.faults.FaultInjector;
import dev.fleetops.localhub.hub.Hub;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The fault-injection admin API under {@code /admin/faults} (no {@code api-version} needed). Accepted only from a
 * loopback peer and with a SAS token of the {@code iothubowner} policy; see docs/local-hub.md.
 *
 * <pre>
 * GET    /admin/faults                    current settings
 * DELETE /admin/faults                    clear every fault, resume
 * POST   /admin/faults/latency            {"methodsMs": 500, "twinsMs": 200}
 * POST   /admin/faults/fail-next          {"count": 3, "status": 503, "errorCode": 503001, "message": "…"}
 * POST   /admin/faults/disconnect         {"deviceId": "device-001"}   (no deviceId: every device)
 * POST   /admin/faults/method-timeouts    {"deviceId": "device-001", "enabled": true}
 * POST   /admin/faults/pause              {"maxPauseMs": 60000}          (body optional)
 * POST   /admin/faults/resume
 * </pre>
 */
final class AdminRoutes {
    static final String PREFIX = "/admin/";
    /** Set by {@code RestHandler} from the connection, overwriting any client-sent header of that name. */
    static final String PEER_HEADER = "x-local-hub-peer";

    static final String OWNER_POLICY = "iothubowner";
    private static final int FORBIDDEN = 403000;

    private final Hub hub;
    private final ServiceAuth auth;
    private final FaultInjector faults;

    AdminRoutes(Hub hub, ServiceAuth auth, FaultInjector faults) {
        this.hub = hub;
        this.auth = auth;
        this.faults = faults;
    }

    static boolean matches(RestRequest r) {
        return r.path().startsWith(PREFIX) || r.path().equals("/admin");
    }

    RestResponse handle(RestRequest r) {
        checkCaller(r);
        String path = r.path();
        String method = r.method();
        try {
            if (path.equals("/admin/faults")) {
                switch (method) {
                    case "GET" -> {
                        return state(null);
                    }
                    case "DELETE" -> {
                        faults.clear();
                        return state(null);
                    }
                    default -> throw notAllowed(method);
                }
            }
            if (!method.equals("POST")) {
                throw notAllowed(method);
            }
            JsonObject body = r.bodyText().isBlank() ? new JsonObject() : Bodies.object(r);
            switch (path) {
                case "/admin/faults/latency" -> {
                    if (body.has("methodsMs")) {
                        faults.methodLatency(Duration.ofMillis(Bodies.integer(body, "methodsMs", 0, 0, 600_000)));
                    }
                    if (body.has("twinsMs")) {
                        faults.twinLatency(Duration.ofMillis(Bodies.integer(body, "twinsMs", 0, 0, 600_000)));
                    }
                    return state(null);
                }
                case "/admin/faults/fail-next" -> {
                    int count = Bodies.integer(body, "count", 1, 0, 1_000_000);
                    int status = Bodies.integer(body, "status", 0, 0, 599);
                    int code = Bodies.integer(body, "errorCode", status == 0 ? 0 : status * 1000 + 1, 0, 599_999);
                    if (code == 0) {
                        throw new HubException(ErrorCodes.ARGUMENT_INVALID, "'status' or 'errorCode' is required.");
                    }
                    if (status != 0 && code / 1000 != status) {
                        throw new HubException(
                                ErrorCodes.ARGUMENT_INVALID,
                                "'errorCode' must start with the status, as on IoT Hub (e.g. 503 and 503001).");
                    }
                    faults.failNext(count, code, Bodies.string(body, "message"));
                    return state(null);
                }
                case "/admin/faults/disconnect" -> {
                    String id = Bodies.string(body, "deviceId");
                    int n = id == null ? faults.disconnectAll() : (faults.disconnect(id) ? 1 : 0);
                    return state(n);
                }
                case "/admin/faults/method-timeouts" -> {
                    String id = Bodies.string(body, "deviceId");
                    if (id == null) {
                        throw new HubException(ErrorCodes.ARGUMENT_INVALID, "'deviceId' is required.");
                    }
                    JsonObject b = body;
                    boolean on = !b.has("enabled") || b.get("enabled").getAsBoolean();
                    faults.methodTimeouts(id, on);
                    return state(null);
                }
                case "/admin/faults/pause" -> {
                    if (body.has("maxPauseMs")) {
                        faults.maxPause(Duration.ofMillis(Bodies.integer(body, "maxPauseMs", 0, 0, 600_000)));
                    }
                    faults.pause();
                    return state(null);
                }
                case "/admin/faults/resume" -> {
                    faults.resume();
                    return state(null);
                }
                default -> throw new HubException(404000, "No such resource: " + method + " " + path);
            }
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, e.getMessage());
        }
    }

    private void checkCaller(RestRequest r) {
        String peer = r.header(PEER_HEADER);
        boolean loopback;
        try {
            loopback = peer != null
                    && !peer.isBlank()
                    && isIpLiteral(peer)
                    && InetAddress.getByName(peer).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new HubException(FORBIDDEN, "The admin API accepts loopback callers only.");
        }
        AccessPolicy p = auth.check(r.header("authorization"), hub.clock().instant(), AccessRight.values());
        if (!p.name().equals(OWNER_POLICY)) {
            throw new HubException(FORBIDDEN, "The admin API needs a token of the " + OWNER_POLICY + " policy.");
        }
    }

    private static boolean isIpLiteral(String s) {
        return s.matches("[0-9.]+") || s.matches("[0-9a-fA-F:.%a-zA-Z]+") && s.contains(":");
    }

    private RestResponse state(Integer disconnected) {
        JsonObject o = faults.state();
        if (disconnected != null) {
            o.addProperty("disconnected", disconnected);
        }
        return RestResponse.json(200, o);
    }

    private static HubException notAllowed(String method) {
        return new HubException(405000, "Method " + method + " is not allowed on this resource.");
    }
}
