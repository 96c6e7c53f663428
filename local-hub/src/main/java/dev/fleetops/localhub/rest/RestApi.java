package dev.fleetops.localhub.rest;

import dev.fleetops.localhub.auth.AccessRight;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.Hub;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service-side REST API that iot-service-client 2.x (and the other service SDKs) call: routes a
 * request to the registry, twin, method or query handlers after checking its SAS token, and turns
 * every refusal into IoT Hub's error format. No Netty types: {@code HttpsServer} adapts it.
 */
public final class RestApi {
    private static final Pattern DEVICE = Pattern.compile("/devices/([^/]+)");
    private static final Pattern TWIN = Pattern.compile("/twins/([^/]+)");
    private static final Pattern METHODS = Pattern.compile("/twins/([^/]+)/methods");
    private static final Pattern MODULES = Pattern.compile("/(devices|twins)/[^/]+/modules(/.*)?");
    private static final Pattern FILES = Pattern.compile("/devices/([^/]+)/files(/notifications)?");
    private static final Pattern DEVICEBOUND = Pattern.compile("/devices/([^/]+)/messages/devicebound");

    private final Hub hub;
    private final ServiceAuth auth;
    private final RegistryRoutes registry;
    private final TwinRoutes twins;
    private final MethodRoutes methods;
    private final QueryRoutes queries;
    private final FileUploadRoutes files;
    /** Set by the constructor that takes a job engine; without one the job routes answer 404. */
    private volatile JobRoutes jobs;
    /** The fault-injection admin API, when {@link #faults} installed one; otherwise {@code /admin} is 404. */
    private volatile AdminRoutes admin;

    public RestApi(Hub hub, Set<String> hostNames) {
        this.hub = hub;
        this.auth = new ServiceAuth(hub.policies(), hostNames);
        this.registry = new RegistryRoutes(hub);
        this.twins = new TwinRoutes(hub);
        this.methods = new MethodRoutes(hub);
        this.queries = new QueryRoutes(hub);
        this.files = new FileUploadRoutes(hub);
    }

    /** Also serves {@code /jobs/v2/…} and {@code FROM devices.jobs} queries from {@code jobEngine}. */
    public RestApi(Hub hub, Set<String> hostNames, dev.fleetops.localhub.jobs.JobEngine jobEngine) {
        this(hub, hostNames);
        this.jobs = new JobRoutes(jobEngine);
        this.queries.jobRows(jobEngine::deviceRows);
    }

    /** Serves the fault-injection admin API ({@code /admin/faults}, loopback and iothubowner only) from {@code faults}. */
    public RestApi faults(dev.fleetops.localhub.faults.FaultInjector faults) {
        this.admin = new AdminRoutes(hub, auth, faults);
        return this;
    }

    /** Handles one request; the future never fails (errors become error responses). */
    public CompletableFuture<RestResponse> handle(RestRequest r) {
        try {
            if (admin != null && AdminRoutes.matches(r)) {
                return done(admin.handle(r));
            }
            Matcher f = FILES.matcher(r.path());
            if (f.matches()) {
                return done(fileRoute(r, checked(f.group(1)), f.group(2) != null));
            }
            return admitted(r).thenCompose(v -> route(r)).exceptionally(RestApi::error);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(error(e));
        }
    }

    private CompletableFuture<RestResponse> route(RestRequest r) {
        if (r.query().get("api-version") == null) {
            throw new HubException(400001, "The api-version query parameter is required.");
        }
        String path = r.path();
        String method = r.method();
        Matcher m;
        if (path.equals("/devices/query") && method.equals("POST")) {
            allow(r, AccessRight.SERVICE_CONNECT, AccessRight.REGISTRY_READ);
            return done(queries.query(r));
        }
        if (path.equals("/statistics/devices") && method.equals("GET")) {
            allow(r, AccessRight.REGISTRY_READ);
            return done(registry.statistics());
        }
        if (MODULES.matcher(path).matches()) {
            allow(r, AccessRight.REGISTRY_READ, AccessRight.SERVICE_CONNECT);
            throw new HubException(400003, "Modules are not supported by the local hub.");
        }
        if ((m = METHODS.matcher(path)).matches() && method.equals("POST")) {
            allow(r, AccessRight.SERVICE_CONNECT);
            return methods.invoke(checked(m.group(1)), r);
        }
        if ((m = TWIN.matcher(path)).matches()) {
            String id = checked(m.group(1));
            switch (method) {
                case "GET" -> {
                    allow(r, AccessRight.SERVICE_CONNECT, AccessRight.REGISTRY_READ);
                    return done(twins.get(id));
                }
                case "PATCH" -> {
                    allow(r, AccessRight.SERVICE_CONNECT);
                    return done(twins.patch(id, r));
                }
                case "PUT" -> {
                    allow(r, AccessRight.SERVICE_CONNECT);
                    return done(twins.replace(id, r));
                }
                default -> throw notAllowed(method);
            }
        }
        if ((m = DEVICE.matcher(path)).matches()) {
            String id = checked(m.group(1));
            switch (method) {
                case "GET" -> {
                    allow(r, AccessRight.REGISTRY_READ);
                    return done(registry.get(id));
                }
                case "PUT" -> {
                    allow(r, AccessRight.REGISTRY_WRITE);
                    return done(registry.put(id, r));
                }
                case "DELETE" -> {
                    allow(r, AccessRight.REGISTRY_WRITE);
                    return done(registry.delete(id, r));
                }
                default -> throw notAllowed(method);
            }
        }
        if ((m = DEVICEBOUND.matcher(path)).matches() && method.equals("POST")) {
            allow(r, AccessRight.SERVICE_CONNECT);
            return done(new CloudToDeviceRoutes(hub).send(checked(m.group(1)), r));
        }
        if (path.startsWith("/jobs/v2/") && jobs != null) {
            return done(jobRoute(r, path.substring("/jobs/v2/".length()), method));
        }
        throw new HubException(404000, "No such resource: " + method + " " + path);
    }

    /** {@code /jobs/v2/query}, {@code /jobs/v2/{id}} and {@code /jobs/v2/{id}/cancel}. */
    private RestResponse jobRoute(RestRequest r, String rest, String method) {
        if (rest.equals("query") && method.equals("GET")) {
            allow(r, AccessRight.SERVICE_CONNECT, AccessRight.REGISTRY_READ);
            return jobs.query(r);
        }
        if (rest.endsWith("/cancel") && method.equals("POST")) {
            allow(r, AccessRight.SERVICE_CONNECT);
            return jobs.cancel(rest.substring(0, rest.length() - "/cancel".length()));
        }
        if (rest.contains("/")) {
            throw new HubException(404000, "No such resource: " + method + " /jobs/v2/" + rest);
        }
        switch (method) {
            case "PUT" -> {
                allow(r, AccessRight.SERVICE_CONNECT);
                return jobs.schedule(rest, r);
            }
            case "GET" -> {
                allow(r, AccessRight.SERVICE_CONNECT, AccessRight.REGISTRY_READ);
                return jobs.get(rest);
            }
            default -> throw notAllowed(method);
        }
    }

    /** Device-facing, authenticated as the device; not subject to the service API's throttles. */
    private RestResponse fileRoute(RestRequest r, String deviceId, boolean notification) {
        if (!r.method().equals("POST")) {
            throw notAllowed(r.method());
        }
        if (r.query().get("api-version") == null) {
            throw new HubException(400001, "The api-version query parameter is required.");
        }
        return notification ? files.complete(deviceId, r) : files.start(deviceId, r);
    }

    /** Throttles and injected faults ({@link Hub#gate()}): completes when the request may run. */
    private CompletableFuture<Void> admitted(RestRequest r) {
        ServiceOperations op = ServiceOperations.classify(r);
        return hub.gate().serviceCall(op.operation(), op.deviceId(), op.payloadBytes());
    }

    private void allow(RestRequest r, AccessRight... anyOf) {
        auth.check(r.header("authorization"), hub.clock().instant(), anyOf);
    }

    private static String checked(String deviceId) {
        RegistryRoutes.checkId(deviceId);
        return deviceId;
    }

    private static HubException notAllowed(String method) {
        return new HubException(405000, "Method " + method + " is not allowed on this resource.");
    }

    private static CompletableFuture<RestResponse> done(RestResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private static RestResponse error(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof HubException e) {
            return ErrorBodies.of(e);
        }
        org.slf4j.LoggerFactory.getLogger(RestApi.class).error("unexpected error in the REST API", cause);
        return ErrorBodies.of(500, ErrorCodes.SERVER_ERROR, "Internal error in the local hub.");
    }
}
