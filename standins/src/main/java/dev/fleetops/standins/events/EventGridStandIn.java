package dev.fleetops.standins.events;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * An Event Grid custom topic with the CloudEvents 1.0 input schema and local auth off, on 127.0.0.1: {@code POST
 * /api/events?api-version=2018-01-01} with {@code Content-Type: application/cloudevents-batch+json} and {@code
 * Authorization: Bearer <token>} (MicrosoftDocs/azure-docs articles/event-grid/post-to-custom-topic.md,
 * authenticate-with-microsoft-entra-id.md). It answers as the service does: 401 without the expected bearer token (no
 * key header is taken: local auth is off), 415 for another content type, 413 above 1 MB, 400 for a batch that is not
 * a JSON array of CloudEvents 1.0 (required {@code specversion} "1.0", {@code id}, {@code source}, {@code type}; an
 * optional {@code time} must be RFC 3339; attribute names lower-case letters and digits; {@code data} or
 * {@code data_base64}, not both), else 200 with an empty body. Accepted events are recorded for tests; every request
 * is counted with its status.
 */
public final class EventGridStandIn implements AutoCloseable {
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z0-9]{1,20}");
    private static final Set<String> DATA = Set.of("data", "data_base64");
    private static final int MAX_BYTES = 1024 * 1024;

    /** One request: its status and, when refused, why. */
    public record Request(int status, String why, String authorization, String contentType) {}

    private final HttpServer server;
    private final String token;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "eventgrid-standin");
        t.setDaemon(true);
        return t;
    });
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final boolean log;

    private EventGridStandIn(HttpServer server, String token, boolean log) {
        this.server = server;
        this.token = token;
        this.log = log;
    }

    /**
     * @param port  0 for any free port
     * @param token the bearer token it accepts
     */
    public static EventGridStandIn start(int port, String token) throws IOException {
        return start(port, token, false);
    }

    /** @param log print each request's status and accepted events on standard output (the local stack's log) */
    public static EventGridStandIn start(int port, String token, boolean log) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        EventGridStandIn eg = new EventGridStandIn(s, token, log);
        s.createContext("/api/events", eg::handle);
        s.setExecutor(eg.executor);
        s.start();
        return eg;
    }

    /** The topic's endpoint, as the topic's {@code endpoint} property gives it. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/events";
    }

    public List<JsonObject> events() {
        return new ArrayList<>(events);
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            byte[] raw = ex.getRequestBody().readNBytes(MAX_BYTES + 1);
            String why = null;
            int status;
            List<JsonObject> batch = new ArrayList<>();
            if (!"POST".equals(ex.getRequestMethod())) {
                status = 405;
            } else if (!"api-version=2018-01-01".equals(ex.getRequestURI().getRawQuery())) {
                status = 400;
                why = "api-version=2018-01-01 is required";
            } else if (auth == null || !auth.equals("Bearer " + token)) {
                status = 401;
                why = "a Microsoft Entra bearer token is required (local auth is disabled)";
            } else if (type == null
                    || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/cloudevents-batch+json")) {
                status = 415;
                why = "Content-Type must be application/cloudevents-batch+json";
            } else if (raw.length > MAX_BYTES) {
                status = 413;
            } else {
                why = check(new String(raw, StandardCharsets.UTF_8), batch);
                status = why == null ? 200 : 400;
            }
            requests.add(new Request(status, why, auth, type));
            if (status == 200) {
                events.addAll(batch);
            }
            if (log) {
                System.out.println("eventgrid " + status + (why == null ? "" : " " + why) + " " + batch);
            }
            byte[] out = why == null
                    ? new byte[0]
                    : ("{\"error\":{\"message\":\"" + why.replace("\"", "'") + "\"}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        }
    }

    /** Why the batch is not CloudEvents 1.0, or null (then {@code into} holds its events). */
    static String check(String body, List<JsonObject> into) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (JsonParseException e) {
            return "the body is not JSON";
        }
        if (!(parsed instanceof JsonArray array) || array.isEmpty()) {
            return "the body must be a non-empty JSON array of events";
        }
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonObject e)) {
                return "event " + i + " is not an object";
            }
            if (!(e.get("specversion") instanceof JsonPrimitive v) || !"1.0".equals(v.getAsString())) {
                return "event " + i + ": specversion must be \"1.0\"";
            }
            for (String required : List.of("id", "source", "type")) {
                if (!(e.get(required) instanceof JsonPrimitive p)
                        || !p.isString()
                        || p.getAsString().isEmpty()) {
                    return "event " + i + ": " + required + " must be a non-empty string";
                }
            }
            for (String name : e.keySet()) {
                if (!ATTRIBUTE.matcher(name).matches() && !DATA.contains(name)) {
                    return "event " + i + ": '" + name + "' is not a valid attribute name";
                }
            }
            if (e.has("data") && e.has("data_base64")) {
                return "event " + i + ": data and data_base64 are exclusive";
            }
            if (e.has("time")) {
                try {
                    OffsetDateTime.parse(e.get("time").getAsString());
                } catch (DateTimeParseException | UnsupportedOperationException | IllegalStateException x) {
                    return "event " + i + ": time must be an RFC 3339 timestamp";
                }
            }
            into.add(e);
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
