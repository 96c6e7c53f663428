package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.runner.http.CorsPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner in process against the real packaged FleetOps app, loaded as the Java worker loads it: under the
 * worker's unrelocated Gson 2.9.0. The requests that failed on Azure while the app's Gson was shadowed are here
 * (a body parsed strictly, a record read from a twin), so shadowing it again fails this test.
 *
 * <p>The settings map is the runner's view (schedules, key); the app reads this JVM's environment, which the
 * failsafe configuration fills: storage, and a hub on 127.0.0.1 at a fixed port with a fixed service key (the
 * CLI's child process gets such settings from local.settings.json). The hub runs in this JVM.
 */
class LocalRunnerFleetOpsIT {
    private static final String KEY = "it-key";
    private static final String PORTAL = "http://localhost:3000";
    private static final String DEVICE = "device-001";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static LocalHub hub;
    private static LocalRunner runner;

    @BeforeAll
    static void start() throws Exception {
        hub = ItHub.start(dir.resolve("hub"), 1);
        // The service SDK trusts the JVM defaults only; this is what -Djavax.net.ssl.trustStore does for users.
        HttpsURLConnection.setDefaultSSLSocketFactory(hub.tls().clientContext().getSocketFactory());
        hub.hub().patchReported(DEVICE, JsonParser.parseString("""
                {"iothubDM":{"firmwareVersion":"1.4.2","reboot":{"status":"completed","operationId":"op-7","bootCount":7,
                 "lastReboot":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T03:04:06Z"}}}""").getAsJsonObject(), null);
        Map<String, String> settings = Map.of(
                "AzureWebJobsStorage",
                "UseDevelopmentStorage=true",
                "PROGRESS_SCHEDULE",
                StagedApp.YEARLY,
                "ROLLOUT_SCHEDULE",
                StagedApp.YEARLY,
                "ROLLOUT_DISPATCH_QUEUE",
                StagedApp.DISPATCH_QUEUE);
        runner = LocalRunner.start(
                new RunnerConfig(StagedApp.dir(), settings, 0, KEY, CorsPolicy.parse(PORTAL, false), null));
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(runner.baseUri() + path));
    }

    /** A problem+json answer naming the field; the host sets the charset of every text body to utf-8. */
    private static void assertProblemNaming(String field, HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(
                "application/problem+json; charset=utf-8",
                r.headers().firstValue("content-type").orElse(null));
        JsonObject problem = JsonParser.parseString(r.body()).getAsJsonObject();
        assertTrue(problem.toString().contains("\"" + field + "\""), r.body());
    }

    @Test
    void aRebootWithAnInvalidDeviceIdIsAnsweredByTheAppWithAProblem() throws Exception {
        assertProblemNaming(
                "deviceId",
                send(to("/api/devices/bad%20id/reboot")
                        .header("x-functions-key", KEY)
                        .POST(HttpRequest.BodyPublishers.noBody())));
    }

    // The three requests below failed on the real worker while the app's Gson was shadowed by the worker's 2.9.0:
    // strict parsing (GsonBuilder/JsonReader.setStrictness, Gson 2.11) threw NoSuchMethodError, and reading a record
    // (Gson 2.10) threw AssertionError, so each got a 500 instead of its answer.

    @Test
    void aRebootWithABodyAndAnInvalidDeviceIdIsA400ProblemNotA500() throws Exception {
        assertProblemNaming(
                "deviceId",
                send(to("/api/devices/bad%20id/reboot")
                        .header("x-functions-key", KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"delaySeconds\":5}"))));
    }

    @Test
    void aFirmwareUpdateFromAnHttpUriIsA400ProblemNamingPackageUri() throws Exception {
        assertProblemNaming(
                "packageUri",
                send(to("/api/devices/" + DEVICE + "/firmware-update")
                        .header("x-functions-key", KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"version\":\"2.0.0\",\"packageUri\":\"http://cdn.example.com/fw.bin\",\"sha256\":\""
                                        + "a".repeat(64) + "\"}"))));
    }

    @Test
    void aDeviceStatusReadsTheReportedSectionsOfTheTwinIntoRecords() throws Exception {
        HttpResponse<String> r =
                send(to("/api/devices/" + DEVICE + "/status?operationId=op-7").header("x-functions-key", KEY));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject status = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals("1.4.2", status.get("firmwareVersion").getAsString(), r.body());
        assertEquals(7, status.getAsJsonObject("reboot").get("bootCount").getAsLong(), r.body());
        assertEquals(
                "completed", status.getAsJsonObject("operation").get("status").getAsString(), r.body());
    }

    @Test
    void aRebootWithoutTheKeyIsRefusedBeforeTheAppRuns() throws Exception {
        HttpResponse<String> r = send(to("/api/devices/bad%20id/reboot").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void theWrongMethodOnARouteGets404AsFromTheHost() throws Exception {
        assertEquals(
                404,
                send(to("/api/devices/d1/reboot").header("x-functions-key", KEY))
                        .statusCode());
    }

    @Test
    void anUnknownRouteGets404() throws Exception {
        assertEquals(
                404,
                send(to("/api/nothing/here").header("x-functions-key", KEY)).statusCode());
    }

    @Test
    void aPreflightFromTheAllowedPortalOriginIsAnsweredWithCorsHeaders() throws Exception {
        HttpResponse<String> r = send(preflight(PORTAL));
        assertEquals(204, r.statusCode());
        assertEquals(
                PORTAL, r.headers().firstValue("access-control-allow-origin").orElse(null));
        assertEquals(
                "POST", r.headers().firstValue("access-control-allow-methods").orElse(null));
        assertEquals(
                "x-functions-key,content-type",
                r.headers().firstValue("access-control-allow-headers").orElse(null));
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoCorsHeaders() throws Exception {
        HttpResponse<String> r = send(preflight("http://evil.example"));
        assertEquals(204, r.statusCode());
        assertFalse(r.headers().firstValue("access-control-allow-origin").isPresent());
    }

    @Test
    void anActualRequestCarriesTheAllowOriginOnlyForTheAllowedOrigin() throws Exception {
        HttpResponse<String> allowed = send(to("/api/devices/bad%20id/reboot")
                .header("x-functions-key", KEY)
                .header("Origin", PORTAL)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(
                PORTAL,
                allowed.headers().firstValue("access-control-allow-origin").orElse(null));
        assertEquals("Origin", allowed.headers().firstValue("vary").orElse(null));
        HttpResponse<String> other = send(to("/api/devices/bad%20id/reboot")
                .header("x-functions-key", KEY)
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(400, other.statusCode());
        assertFalse(other.headers().firstValue("access-control-allow-origin").isPresent());
    }

    @Test
    void theHostStatusEndpointSaysRunning() throws Exception {
        HttpResponse<String> r = send(to("/admin/host/status"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"state\":\"Running\"}", r.body());
    }

    @Test
    void theBannerListsHttpFunctionsWithMethodsAndTimersWithTheirResolvedSchedule() {
        String banner = String.join("\n", runner.banner());
        assertTrue(banner.contains("Reboot: [POST] " + runner.baseUri() + "/api/devices/{deviceId}/reboot"), banner);
        assertTrue(banner.contains("ProgressTimer: timerTrigger (" + StagedApp.YEARLY + " UTC)"), banner);
        assertTrue(banner.contains("Injector: dev.fleetops.functions.wiring.FleetOpsInjector"), banner);
        // No class of the packaged app is hidden by the worker's parent class path, and no two jars carry one class.
        assertFalse(banner.contains("WARNING"), banner);
    }

    private static HttpRequest.Builder preflight(String origin) {
        return to("/api/devices/d1/reboot")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-functions-key,content-type");
    }
}
