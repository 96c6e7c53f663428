package dev.fleetops.standins.gates;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An external wave gate on 127.0.0.1, as an operator's metrics service would be: {@code POST /gates/<name>} records the
 * request FleetOps sent and answers {@code {"decision": "...", "reason": "..."}} with what the test (or the person
 * running the local stack, through {@code PUT /gates/<name>?decision=pass}) set for that name; a gate nobody set answers
 * {@code wait}. {@code GET /gates/<name>} answers the requests that arrived, as a JSON array.
 */
public final class GateStandIn implements AutoCloseable {
    /** One request FleetOps sent, and what the gate answered. */
    public record Ask(String gate, String body, String decision) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "gate-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> decisions = new ConcurrentHashMap<>();
    private final List<Ask> asks = new CopyOnWriteArrayList<>();

    private GateStandIn(HttpServer server) {
        this.server = server;
    }

    /** @param port 0 for any free port */
    public static GateStandIn start(int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        GateStandIn g = new GateStandIn(s);
        s.createContext("/gates/", g::handle);
        s.setExecutor(g.executor);
        s.start();
        return g;
    }

    public String url(String gate) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/gates/" + gate;
    }

    /** What {@code gate} answers from now on: {@code pass}, {@code fail} or {@code wait} (or anything, to test). */
    public void decide(String gate, String decision) {
        decisions.put(gate, decision);
    }

    public List<Ask> asks(String gate) {
        return asks.stream().filter(a -> a.gate().equals(gate)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String gate = ex.getRequestURI().getPath().substring("/gates/".length());
            switch (ex.getRequestMethod()) {
                case "POST" -> {
                    String body;
                    try (InputStream in = ex.getRequestBody()) {
                        body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                    }
                    String decision = decisions.getOrDefault(gate, "wait");
                    asks.add(new Ask(gate, body, decision));
                    com.google.gson.JsonObject answer = new com.google.gson.JsonObject();
                    answer.addProperty("decision", decision);
                    answer.addProperty("reason", "set on the stand-in");
                    send(ex, 200, answer.toString());
                }
                case "PUT" -> {
                    String query = ex.getRequestURI().getQuery();
                    if (query == null || !query.startsWith("decision=")) {
                        send(ex, 400, "{\"title\":\"decision=pass|fail|wait is required\"}");
                        return;
                    }
                    decide(gate, query.substring("decision=".length()));
                    send(ex, 204, null);
                }
                case "GET" -> {
                    com.google.gson.JsonArray out = new com.google.gson.JsonArray();
                    for (Ask a : asks(gate)) {
                        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
                        o.addProperty("body", a.body());
                        o.addProperty("decision", a.decision());
                        out.add(o);
                    }
                    send(ex, 200, out.toString());
                }
                default -> send(ex, 405, null);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
