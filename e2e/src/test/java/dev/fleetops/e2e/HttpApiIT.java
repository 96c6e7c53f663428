package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API as a portal sees it: the packaged Functions app served by the local runner jar in a
 * child process (settings from a local.settings.json, function keys, CORS), the local IoT hub and
 * three FleetOps device apps in this JVM, and Azurite. Everything is driven through
 * {@link java.net.http.HttpClient} only; nothing calls the functions' Java entry points.
 *
 * <p>Devices: device-001 (reboot flow), device-002 (fleet operation), device-003 (busy with a slow
 * firmware update) are connected; device-004..006 are registered but offline.
 */
class HttpApiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = "e2e-" + UUID.randomUUID();
    private static final String ALLOWED_ORIGIN = "http://localhost:3000";
    private static final String TRUST_PASSWORD = RunnerProcess.TRUST_PASSWORD;

    @TempDir
    static Path dir;

    static LocalDevices fleet;
    static LocalHub hub;
    static PackageServer packages;
    static List<DeviceRuntime> devices;
    static RunnerProcess runner;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        fleet = LocalDevices.start(dir, "device-", 6, 3, DeviceRuntime.Extras.NONE);
        hub = fleet.hub;
        packages = fleet.packages;
        devices = fleet.devices;
        Path trustStore = writeTrustStore(hub.caFile(), dir.resolve("hub-ca.p12"));
        JsonObject host = new JsonObject();
        host.addProperty("CORS", ALLOWED_ORIGIN);
        runner = RunnerProcess.start(
                dir,
                Map.ofEntries(
                        Map.entry("FUNCTIONS_WORKER_RUNTIME", "java"),
                        Map.entry("AzureWebJobsStorage", Azurite.connectionString()),
                        Map.entry("IOTHUB_CONNECTION_STRING", hub.serviceConnectionString("service")),
                        Map.entry("IOTHUB_SERVICE_ENDPOINT", hub.serviceEndpoint()),
                        Map.entry("METHOD_RESPONSE_TIMEOUT_SECONDS", "10"),
                        Map.entry("METHOD_CONNECT_TIMEOUT_SECONDS", "0"),
                        Map.entry("PROGRESS_SCHEDULE", "*/5 * * * * *"),
                        Map.entry(
                                "PROGRESS_CONTAINER",
                                "e2e-http-" + UUID.randomUUID().toString().substring(0, 8)),
                        Map.entry("ROLLOUT_SCHEDULE", "*/2 * * * * *"),
                        Map.entry("ROLLOUT_DISPATCH_PARALLELISM", "4"),
                        // The key's caller: these tests factory-reset devices, which needs an Admin.
                        Map.entry("FLEETOPS_AUTOMATION_ROLE", "FleetOps.Admin")),
                host,
                KEY,
                trustStore,
                "http-api-runner.log");
        base = runner.base();
        for (DeviceRuntime d : devices) {
            awaitConnected(d.deviceId());
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    // ---- keys and CORS --------------------------------------------------------------------------

    @Test
    void aMissingOrWrongFunctionKeyIs401WithAnEmptyBody() throws Exception {
        HttpResponse<String> none =
                send(HttpRequest.newBuilder(uri("/api/devices/device-001")).GET(), null);
        assertEquals(401, none.statusCode());
        assertEquals("", none.body());
        HttpResponse<String> wrong =
                send(HttpRequest.newBuilder(uri("/api/devices/device-001")).GET(), "not-the-key");
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> wrongPost = send(
                HttpRequest.newBuilder(uri("/api/devices/device-001/reboot")).POST(HttpRequest.BodyPublishers.noBody()),
                "not-the-key");
        assertEquals(401, wrongPost.statusCode(), "no device is touched without a key");
        HttpResponse<String> inQuery = send(
                HttpRequest.newBuilder(uri("/api/devices/device-001?code=" + KEY))
                        .GET(),
                null);
        assertEquals(200, inQuery.statusCode(), "the key as ?code= works too: " + inQuery.body());
    }

    @Test
    void corsPreflightIsAnsweredForTheConfiguredOriginOnly() throws Exception {
        HttpResponse<String> allowed = send(
                HttpRequest.newBuilder(uri("/api/devices/device-001/reboot"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", ALLOWED_ORIGIN)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type,x-functions-key"),
                null);
        assertEquals(204, allowed.statusCode());
        assertEquals(
                ALLOWED_ORIGIN,
                allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(allowed.headers()
                .firstValue("Access-Control-Allow-Methods")
                .orElse("")
                .contains("POST"));
        assertTrue(allowed.headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElse("")
                .toLowerCase()
                .contains("x-functions-key"));

        HttpResponse<String> other = send(
                HttpRequest.newBuilder(uri("/api/devices/device-001/reboot"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "POST"),
                null);
        assertTrue(
                other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS grant for other origins");

        HttpResponse<String> simple = send(
                HttpRequest.newBuilder(uri("/api/devices/device-001")).GET().header("Origin", ALLOWED_ORIGIN), KEY);
        assertEquals(200, simple.statusCode());
        assertEquals(
                ALLOWED_ORIGIN,
                simple.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    // ---- OpenAPI --------------------------------------------------------------------------------

    @Test
    void theOpenApiDescriptionIsServedWithoutAKeyAndListsTheRoutes() throws Exception {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(uri("/api/openapi.json")).GET(), null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject doc = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals("3.1.0", doc.get("openapi").getAsString());
        Set<String> routes = new TreeSet<>();
        doc.getAsJsonObject("paths")
                .entrySet()
                .forEach(p -> p.getValue()
                        .getAsJsonObject()
                        .keySet()
                        .forEach(m -> routes.add(m.toUpperCase() + " " + p.getKey())));
        assertTrue(
                routes.containsAll(Set.of(
                        "POST /api/devices/{deviceId}/reboot",
                        "POST /api/devices/{deviceId}/factory-reset",
                        "POST /api/devices/{deviceId}/firmware-update",
                        "GET /api/devices/{deviceId}",
                        "GET /api/devices/{deviceId}/status",
                        "GET /api/progress",
                        "POST /api/operations",
                        "GET /api/operations",
                        "GET /api/operations/{id}",
                        "GET /api/operations/{id}/devices",
                        "POST /api/operations/{id}/pause",
                        "POST /api/operations/{id}/resume",
                        "POST /api/operations/{id}/cancel",
                        "POST /api/operations/{id}/retry-failed",
                        "POST /api/operations/{id}/devices/{deviceId}/cancel",
                        "GET /api/openapi.json")),
                routes.toString());
        assertTrue(doc.getAsJsonObject("components")
                .getAsJsonObject("securitySchemes")
                .has("functionKeyHeader"));
    }

    // ---- single-device actions ------------------------------------------------------------------

    @Test
    void aRebootThroughHttpIsPolledViaItsLocationUntilCompleted() throws Exception {
        JsonObject before = json(get("/api/devices/device-001/status"), 200);
        long bootsBefore = before.get("reboot") != null && before.get("reboot").isJsonObject()
                ? before.getAsJsonObject("reboot").get("bootCount").getAsLong()
                : 1;
        HttpResponse<String> r =
                post("/api/devices/device-001/reboot", "{\"delaySeconds\":0}", "application/json", Map.of());
        JsonObject accepted = json(r, 202);
        String op = accepted.get("operationId").getAsString();
        assertEquals("reboot", accepted.get("action").getAsString());
        assertEquals("accepted", accepted.get("result").getAsString());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertEquals(accepted.get("statusUrl").getAsString(), location);
        assertTrue(location.endsWith("operationId=" + op), location);
        JsonObject done = poll(
                location,
                s -> "completed".equals(operationStatus(s))
                        || s.getAsJsonObject("operation").get("failed").getAsBoolean());
        assertEquals("completed", operationStatus(done), done.toString());
        assertTrue(done.getAsJsonObject("operation").get("terminal").getAsBoolean());
        assertTrue(done.getAsJsonObject("reboot").get("bootCount").getAsLong() > bootsBefore, done.toString());

        JsonObject again = json(
                post(
                        "/api/devices/device-001/reboot",
                        "{\"operationId\":\"" + op + "\"}",
                        "application/json",
                        Map.of()),
                202);
        assertEquals("duplicate", again.get("result").getAsString(), "the same operation id is idempotent");
    }

    @Test
    void deviceReadsAnswerTheTwinState() throws Exception {
        JsonObject device = json(get("/api/devices/device-002"), 200);
        assertEquals("device-002", device.get("deviceId").getAsString());
        assertEquals("1.0.0", device.get("firmwareVersion").getAsString());
        HttpResponse<String> r = get("/api/devices/device-002/status?operationId=never-started");
        JsonObject status = json(r, 200);
        assertEquals("pending", operationStatus(status));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void invalidBodiesAre400ProblemsNamingTheField() throws Exception {
        HttpResponse<String> r = post(
                "/api/devices/device-001/firmware-update",
                "{\"version\":\"2.0.0\",\"packageUri\":\"http://cdn.example.com/fw.bin\",\"sha256\":\"" + "a".repeat(64)
                        + "\",\"colour\":\"red\"}",
                "application/json",
                Map.of());
        JsonObject p = problem(r, 400, "invalid-request");
        assertEquals(Set.of("packageUri", "colour"), fields(p));
        assertEquals(
                "/api/devices/device-001/firmware-update", p.get("instance").getAsString());
        assertEquals("urn:fleetops:problem:invalid-request", p.get("type").getAsString());

        assertEquals(
                Set.of("delaySeconds"),
                fields(problem(
                        post(
                                "/api/devices/device-001/reboot",
                                "{\"delaySeconds\":99999}",
                                "application/json",
                                Map.of()),
                        400,
                        "invalid-request")));
        assertEquals(
                Set.of("body"),
                fields(problem(
                        post("/api/devices/device-001/reboot", "{not json", "application/json", Map.of()),
                        400,
                        "invalid-request")));
        assertEquals(
                Set.of("body"),
                fields(problem(
                        post("/api/devices/device-001/firmware-update", "", "application/json", Map.of()),
                        400,
                        "invalid-request")),
                "firmware-update needs a body");
        assertEquals(Set.of("deviceId"), fields(problem(get("/api/devices/bad%20id"), 400, "invalid-request")));
    }

    /**
     * "Rollouts that fail safe", findings 5, 6 and 7 through the shipped runner over HTTP: input that silently
     * changed meaning is a 400 naming the field, a single-device call cannot borrow a rollout's attempt id, and a
     * filter is answered "resolving" without a fleet query in the request.
     */
    @Test
    void inputThatWouldChangeMeaningIsRefusedAndAFilterResolvesLater() throws Exception {
        for (String value : List.of("1e70", "-0", "18446744073709551617", "null", "[[1,2]]", "1e99999")) {
            HttpResponse<String> r = post(
                    "/api/operations",
                    "{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"ring\":" + value + "}}}}",
                    "application/json",
                    Map.of());
            assertEquals(Set.of("target.filter.tags.ring"), fields(problem(r, 400, "invalid-request")), value);
        }
        assertEquals(
                Set.of("rollout.waves"),
                fields(problem(
                        post(
                                "/api/operations",
                                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"device-001\"]},"
                                        + "\"rollout\":{\"waves\":[0.4,1],\"wavesAreCounts\":true}}",
                                "application/json",
                                Map.of()),
                        400,
                        "invalid-request")));
        assertEquals(
                Set.of("startAt"),
                fields(problem(
                        post(
                                "/api/operations",
                                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"device-001\"]},"
                                        + "\"startAt\":\"+1000000000-01-01T00:00:00Z\"}",
                                "application/json",
                                Map.of()),
                        400,
                        "invalid-request")));
        assertEquals(
                Set.of("operationId"),
                fields(problem(
                        post(
                                "/api/devices/device-001/reboot",
                                "{\"operationId\":\"" + java.util.UUID.randomUUID() + ".a1\"}",
                                "application/json",
                                Map.of()),
                        400,
                        "invalid-request")),
                "a single-device call cannot carry a rollout's attempt id");

        assertEquals(
                Set.of("target.deviceIds[1]"),
                fields(problem(
                        post(
                                "/api/operations",
                                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"device-001\",\"no-such-device\"]}}",
                                "application/json",
                                Map.of()),
                        400,
                        "invalid-request")),
                "an id the hub does not know is named, not accepted silently");

        HttpResponse<String> filtered = post(
                "/api/operations",
                "{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"ring\":\"nowhere\"}}}," + "\"startAt\":\""
                        + java.time.Instant.now()
                                .plus(java.time.Duration.ofDays(300))
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + "\"}",
                "application/json",
                Map.of());
        assertEquals(202, filtered.statusCode(), filtered.body());
        assertEquals(
                "resolving",
                JsonParser.parseString(filtered.body())
                        .getAsJsonObject()
                        .get("state")
                        .getAsString());
    }

    @Test
    void bodyLimitsAndContentTypeAreEnforced() throws Exception {
        String big = "{\"operationId\":\"" + "a".repeat(17 * 1024) + "\"}";
        JsonObject tooLarge = problem(
                post("/api/devices/device-001/reboot", big, "application/json", Map.of()), 413, "payload-too-large");
        assertEquals(16 * 1024, tooLarge.get("maxBytes").getAsInt());
        JsonObject media = problem(
                post("/api/devices/device-001/reboot", "{}", "text/plain", Map.of()), 415, "unsupported-media-type");
        assertEquals("text/plain", media.get("contentType").getAsString());
    }

    @Test
    void unknownDevicesAre404AndOfflineDevicesA409() throws Exception {
        JsonObject notFound =
                problem(post("/api/devices/no-such-device/reboot", null, null, Map.of()), 404, "device-not-found");
        assertEquals(404001, notFound.get("hubErrorCode").getAsInt());
        problem(get("/api/devices/no-such-device"), 404, "device-not-found");
        JsonObject offline =
                problem(post("/api/devices/device-004/reboot", null, null, Map.of()), 409, "device-offline");
        assertTrue(offline.get("retryable").getAsBoolean());
        assertEquals(404103, offline.get("hubErrorCode").getAsInt());
    }

    @Test
    void aDeviceBusyWithAnotherOperationRefusesWith409() throws Exception {
        byte[] image = new byte[64 * 1024];
        new Random(3).nextBytes(image);
        String url = packages.publish("/fw/slow-http.bin", image);
        packages.slow("/fw/slow-http.bin", 150);
        JsonObject started = json(
                post(
                        "/api/devices/device-003/firmware-update",
                        "{\"version\":\"2.0.0\",\"packageUri\":\"" + url + "\",\"sha256\":\"" + Packages.sha256(image)
                                + "\",\"sizeBytes\":" + image.length + "}",
                        "application/json",
                        Map.of()),
                202);
        String fw = started.get("operationId").getAsString();
        JsonObject busy = problem(post("/api/devices/device-003/reboot", null, null, Map.of()), 409, "device-busy");
        assertEquals(fw, busy.get("runningOperationId").getAsString());
        assertEquals(409, busy.get("deviceStatus").getAsInt());
    }

    // ---- progress and fleet operations ----------------------------------------------------------

    @Test
    void progressIsServedOnceTheTimerRan() throws Exception {
        HttpResponse<String> r = Waits.upTo(WAIT, "the progress document")
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            HttpResponse<String> answer = get("/api/progress");
                            if (answer.statusCode() == 404) {
                                problem(answer, 404, "no-progress-yet");
                            }
                            return answer;
                        },
                        answer -> answer.statusCode() != 404);
        JsonObject summary = json(r, 200);
        assertEquals(6, summary.get("totalDevices").getAsInt(), summary.toString());
    }

    @Test
    void aFleetOperationIsIdempotentByKeyAndRunsToCompletion() throws Exception {
        String key = "e2e-" + UUID.randomUUID();
        String body =
                "{\"action\":\"reboot\",\"reboot\":{\"delaySeconds\":0},\"target\":{\"deviceIds\":[\"device-002\"]},"
                        + "\"rollout\":{\"maxPerMinute\":60},\"deviceTimeoutMinutes\":5}";
        HttpResponse<String> first = post("/api/operations", body, "application/json", Map.of("Idempotency-Key", key));
        JsonObject created = json(first, 202);
        String id = created.get("id").getAsString();
        assertEquals(1, created.get("deviceCount").getAsInt());
        String location = first.headers().firstValue("Location").orElseThrow();
        assertEquals("/api/operations/" + id, location);
        assertTrue(first.headers().firstValue("Idempotent-Replayed").isEmpty());

        HttpResponse<String> replay = post("/api/operations", body, "application/json", Map.of("Idempotency-Key", key));
        assertEquals(id, json(replay, 202).get("id").getAsString(), "same key + same body = same operation");
        assertEquals("true", replay.headers().firstValue("Idempotent-Replayed").orElse(null));
        JsonObject conflict = problem(
                post(
                        "/api/operations",
                        body.replace("\"maxPerMinute\":60", "\"maxPerMinute\":61"),
                        "application/json",
                        Map.of("Idempotency-Key", key)),
                409,
                "idempotency-key-conflict");
        assertEquals(id, conflict.get("operationId").getAsString());

        JsonObject done = poll(
                location,
                o -> Set.of("completed", "aborted", "canceled")
                        .contains(o.get("state").getAsString()));
        assertEquals("completed", done.get("state").getAsString(), done.toString());
        assertEquals(1L, done.getAsJsonObject("counts").get("succeeded").getAsLong(), done.toString());

        JsonArray list = json(get("/api/operations"), 200).getAsJsonArray("operations");
        assertTrue(contains(list, id), list.toString());
        JsonArray succeeded = json(get(location + "/devices?state=succeeded&pageSize=10"), 200)
                .getAsJsonArray("devices");
        assertEquals(1, succeeded.size());
        assertEquals(
                "device-002", succeeded.get(0).getAsJsonObject().get("deviceId").getAsString());
        assertEquals(
                0,
                json(get(location + "/devices?state=failed"), 200)
                        .getAsJsonArray("devices")
                        .size());
        problem(post(location + "/pause", null, null, Map.of()), 409, "operation-state-conflict");
        JsonObject finalOperation =
                problem(post(location + "/retry-failed", null, null, Map.of()), 409, "operation-state-conflict");
        assertTrue(
                finalOperation.get("detail").getAsString().contains("finished operations are final"),
                finalOperation.toString());
        assertEquals(0, finalOperation.getAsJsonArray("retryDeviceIds").size(), finalOperation.toString());
        assertEquals(false, finalOperation.get("retryDeviceIdsTruncated").getAsBoolean(), finalOperation.toString());
    }

    @Test
    void operatorCommandsChangeAScheduledOperation() throws Exception {
        String startAt = Instant.now().plus(Duration.ofHours(1)).toString();
        String body =
                "{\"action\":\"factoryReset\",\"target\":{\"deviceIds\":[\"device-005\",\"device-006\"]},\"startAt\":\""
                        + startAt + "\"}";
        JsonObject created = json(post("/api/operations", body, "application/json", Map.of()), 202);
        String id = created.get("id").getAsString();
        assertEquals("scheduled", created.get("state").getAsString());
        String op = "/api/operations/" + id;
        // Scheduled an hour ahead: no tick dispatches it, so both devices wait for their turn.
        JsonObject queuedDevice = json(get(op + "/devices?state=queued"), 200)
                .getAsJsonArray("devices")
                .get(0)
                .getAsJsonObject();
        assertEquals("waiting", queuedDevice.get("queueReason").getAsString(), queuedDevice.toString());
        assertEquals(
                "paused",
                json(post(op + "/pause", null, null, Map.of()), 200)
                        .get("state")
                        .getAsString());
        problem(post(op + "/pause", null, null, Map.of()), 409, "operation-state-conflict");
        assertNotEquals(
                "paused",
                json(post(op + "/resume", null, null, Map.of()), 200)
                        .get("state")
                        .getAsString());
        JsonObject afterDevice = json(post(op + "/devices/device-005/cancel", null, null, Map.of()), 200);
        assertEquals(id, afterDevice.get("id").getAsString());
        assertEquals(1L, afterDevice.getAsJsonObject("counts").get("canceled").getAsLong(), afterDevice.toString());
        JsonObject canceledDevice = json(get(op + "/devices?state=canceled"), 200)
                .getAsJsonArray("devices")
                .get(0)
                .getAsJsonObject();
        assertEquals("deviceCanceled", canceledDevice.get("cancelReason").getAsString(), canceledDevice.toString());
        problem(post(op + "/devices/device-005/cancel", null, null, Map.of()), 409, "operation-state-conflict");
        problem(post(op + "/devices/device-001/cancel", null, null, Map.of()), 404, "operation-not-found");
        JsonObject canceled = json(post(op + "/cancel", null, null, Map.of()), 200);
        assertEquals("canceled", canceled.get("state").getAsString());
        problem(post(op + "/retry-failed", null, null, Map.of()), 409, "operation-state-conflict");
        assertEquals("canceled", json(get(op), 200).get("state").getAsString());
    }

    @Test
    void operationErrorsAreProblems() throws Exception {
        assertEquals(Set.of("id"), fields(problem(get("/api/operations/not-a-uuid"), 400, "invalid-request")));
        problem(get("/api/operations/" + UUID.randomUUID()), 404, "operation-not-found");
        problem(
                post("/api/operations/" + UUID.randomUUID() + "/cancel", null, null, Map.of()),
                404,
                "operation-not-found");
        assertEquals(
                Set.of("state"),
                fields(problem(
                        get("/api/operations/" + UUID.randomUUID() + "/devices?state=bogus"), 400, "invalid-request")));
        assertEquals(
                Set.of("pageSize"),
                fields(problem(
                        get("/api/operations/" + UUID.randomUUID() + "/devices?pageSize=0"), 400, "invalid-request")));
        JsonObject bad = problem(
                post(
                        "/api/operations",
                        "{\"action\":\"explode\",\"target\":{\"deviceIds\":[]},\"rollout\":{\"ramp\":{\"x\":1}}}",
                        "application/json",
                        Map.of()),
                400,
                "invalid-request");
        assertTrue(fields(bad).containsAll(Set.of("action", "target.deviceIds")), bad.toString());
        problem(post("/api/operations", "{}", "text/plain", Map.of()), 415, "unsupported-media-type");
        assertEquals(404, get("/api/no-such-route").statusCode());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String key)
            throws IOException, InterruptedException {
        if (key != null) {
            b.header("x-functions-key", key);
        }
        return runner.http().send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), KEY);
    }

    private static HttpResponse<String> post(String path, String body, String contentType, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .POST(
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b, KEY);
    }

    private static JsonObject json(HttpResponse<String> r, int status) {
        assertEquals(
                status, r.statusCode(), () -> r.request().method() + " " + r.uri() + " -> " + r.body() + runnerTail());
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.headers().toString());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static JsonObject problem(HttpResponse<String> r, int status, String code) {
        assertEquals(
                status, r.statusCode(), () -> r.request().method() + " " + r.uri() + " -> " + r.body() + runnerTail());
        // The host writes every text body with charset utf-8 added to the function's Content-Type (as the runner does).
        assertEquals(
                "application/problem+json; charset=utf-8",
                r.headers().firstValue("Content-Type").orElse(null),
                r.body());
        JsonObject p = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(code, p.get("code").getAsString(), r.body());
        assertEquals(status, p.get("status").getAsInt());
        assertEquals("urn:fleetops:problem:" + code, p.get("type").getAsString());
        assertNotNull(p.get("title"));
        return p;
    }

    private static Set<String> fields(JsonObject problem) {
        Set<String> out = new TreeSet<>();
        for (JsonElement e : problem.getAsJsonArray("errors")) {
            out.add(e.getAsJsonObject().get("field").getAsString());
        }
        return out;
    }

    private static boolean contains(JsonArray operations, String id) {
        for (JsonElement e : operations) {
            if (id.equals(e.getAsJsonObject().get("id").getAsString())) {
                return true;
            }
        }
        return false;
    }

    private static String operationStatus(JsonObject status) {
        return status.getAsJsonObject("operation").get("status").getAsString();
    }

    /** GETs a Location (a path relative to the API's origin) until the document matches. */
    private static JsonObject poll(String location, Predicate<JsonObject> done) {
        return Waits.until(
                Waits.upTo(WAIT).pollInterval(Duration.ofMillis(100)),
                () -> json(get(location), 200),
                done,
                last -> location + " did not reach the expected state; last: " + last + runnerTail());
    }

    private static void awaitConnected(String deviceId) {
        Waits.until(
                Waits.upTo(WAIT).pollInterval(Duration.ofMillis(100)),
                () -> {
                    if (!hub.hub().isConnected(deviceId)) {
                        return false;
                    }
                    HttpResponse<String> r = get("/api/devices/" + deviceId);
                    return r.statusCode() == 200
                            && JsonParser.parseString(r.body())
                                    .getAsJsonObject()
                                    .has("firmwareVersion");
                },
                connected -> connected,
                connected -> deviceId + " did not connect" + runnerTail());
    }

    private static String runnerTail() {
        return runner == null ? "" : runner.tail();
    }

    /** A PKCS12 trust store holding the hub's CA certificate(s), for the runner's JVMs. */
    static Path writeTrustStore(Path caPem, Path out) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(caPem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("fleetops-local-hub-ca-" + i++, c);
            }
        }
        assertTrue(i > 0, "no certificate in " + caPem);
        try (OutputStream os = Files.newOutputStream(out)) {
            ks.store(os, TRUST_PASSWORD.toCharArray());
        }
        return out;
    }
}
