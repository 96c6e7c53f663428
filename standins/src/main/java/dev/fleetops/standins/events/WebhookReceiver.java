package dev.fleetops.standins.events;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on 127.0.0.1, as a subscriber's endpoint: {@code POST /hooks/<name>} takes one event, verifies its
 * Standard Webhooks signature against the secret set for that name ({@code webhook-signature: v1,<base64
 * HMAC-SHA256 of id.timestamp.body>}, timestamp within 5 minutes; an implementation of its own, not FleetOps'), records
 * it, and answers 204 — or what the test asked for: the next {@code n} requests answer an error, or every one does.
 * A request with a bad signature is answered 401 and recorded as such. The local stack's receiver
 * ({@link #startLenient}) takes requests to hooks it knows no secret for, recorded as unverified, since the secret is
 * shown only to whoever created the subscription. {@code GET /hooks/<name>} answers what arrived, as a JSON array.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived. */
    public record Delivery(
            String hook,
            String id,
            String timestamp,
            String signature,
            String body,
            boolean signatureValid,
            int answered) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failNext = new ConcurrentHashMap<>();
    private final Map<String, Integer> failStatus = new ConcurrentHashMap<>();
    private final Map<String, Integer> alwaysFail = new ConcurrentHashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private final boolean lenient;

    private WebhookReceiver(HttpServer server, boolean lenient) {
        this.server = server;
        this.lenient = lenient;
    }

    /** @param port 0 for any free port */
    public static WebhookReceiver start(int port) throws IOException {
        return start(port, false);
    }

    /** The local stack's receiver: a hook without a secret set takes every request (recorded as unverified). */
    public static WebhookReceiver startLenient(int port) throws IOException {
        return start(port, true);
    }

    private static WebhookReceiver start(int port, boolean lenient) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        WebhookReceiver r = new WebhookReceiver(s, lenient);
        s.createContext("/hooks/", r::handle);
        s.setExecutor(r.executor);
        s.start();
        return r;
    }

    /** The URL of hook {@code name}: {@code http://127.0.0.1:<port>/hooks/<name>}. */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + name;
    }

    /** The secret signatures to {@code name} are checked against ({@code whsec_<base64>}). */
    public void secret(String name, String secret) {
        secrets.put(name, secret);
    }

    /** The next {@code n} requests to {@code name} are answered {@code status}. */
    public void failNext(String name, int n, int status) {
        failNext.put(name, new AtomicInteger(n));
        failStatus.put(name, status);
    }

    /** Every request to {@code name} is answered {@code status}. */
    public void alwaysFail(String name, int status) {
        alwaysFail.put(name, status);
    }

    public List<Delivery> deliveries(String name) {
        List<Delivery> out = new ArrayList<>();
        for (Delivery d : deliveries) {
            if (d.hook().equals(name)) {
                out.add(d);
            }
        }
        return out;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String name = ex.getRequestURI().getPath().substring("/hooks/".length());
            if ("GET".equals(ex.getRequestMethod())) {
                byte[] out = listing(name).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            String body = new String(ex.getRequestBody().readNBytes(1 << 20), StandardCharsets.UTF_8);
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            String secret = secrets.get(name);
            boolean valid = secret != null && verify(secret, id, ts, body, sig);
            int status;
            AtomicInteger left = failNext.get(name);
            if (!valid && !(lenient && secret == null)) {
                status = 401;
            } else if (alwaysFail.containsKey(name)) {
                status = alwaysFail.get(name);
            } else if (left != null && left.getAndDecrement() > 0) {
                status = failStatus.get(name);
            } else {
                status = 204;
            }
            deliveries.add(new Delivery(name, id, ts, sig, body, valid, status));
            if (lenient) {
                System.out.println(
                        "webhook " + name + " " + status + (valid ? " signed " : " unverified ") + id + " " + body);
            }
            ex.sendResponseHeaders(status, -1);
        }
    }

    /** What arrived at {@code name}: a JSON array of {id, signatureValid, answered, event}. */
    private String listing(String name) {
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        for (Delivery d : deliveries(name)) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("id", d.id());
            o.addProperty("signatureValid", d.signatureValid());
            o.addProperty("answered", d.answered());
            try {
                o.add("event", com.google.gson.JsonParser.parseString(d.body()));
            } catch (com.google.gson.JsonParseException e) {
                o.addProperty("body", d.body());
            }
            a.add(o);
        }
        return a.toString();
    }

    /** Standard Webhooks verification (spec/standard-webhooks.md), written here independently of FleetOps' signer. */
    static boolean verify(String secret, String id, String ts, String body, String header) {
        if (id == null || ts == null || header == null) {
            return false;
        }
        try {
            long t = Long.parseLong(ts);
            if (Math.abs(System.currentTimeMillis() / 1000 - t) > 300) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret),
                    "HmacSHA256"));
            byte[] expected = ("v1,"
                            + Base64.getEncoder()
                                    .encodeToString(
                                            mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8))))
                    .getBytes(StandardCharsets.UTF_8);
            for (String candidate : header.split(" ")) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
