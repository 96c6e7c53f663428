package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.runner.http.CorsPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner in process against the real packaged FleetOps app. The settings map is the runner's view
 * (schedules, key); the app reads this JVM's environment, which the failsafe configuration fills with
 * the dummy hub and storage settings (the CLI's child process gets them from local.settings.json).
 */
class LocalRunnerFleetOpsIT {
    private static final String KEY = "it-key";
    private static final String PORTAL = "http://localhost:3000";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static LocalRunner runner;

    @BeforeAll
    static void start() {
        Map<String, String> settings = Map.of("IOTHUB_CONNECTION_STRING", StagedApp.DUMMY_IOTHUB,
                "AzureWebJobsStorage", "UseDevelopmentStorage=true",
                "PROGRESS_SCHEDULE", StagedApp.YEARLY, "ROLLOUT_SCHEDULE", StagedApp.YEARLY);
        runner = LocalRunner.start(new RunnerConfig(StagedApp.dir(), settings, 0, KEY, CorsPolicy.parse(PORTAL, false), null));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(runner.baseUri() + path));
    }

    @Test
    void aRebootWithAnInvalidDeviceIdIsAnsweredByTheAppWithAProblem() throws Exception {
        HttpResponse<String> r = send(to("/api/devices/bad%20id/reboot").header("x-functions-key", KEY)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("content-type").orElse(null));
        assertTrue(r.body().contains("deviceId"), r.body());
    }

    @Test
    void aRebootWithoutTheKeyIsRefusedBeforeTheAppRuns() throws Exception {
        HttpResponse<String> r = send(to("/api/devices/bad%20id/reboot").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void theWrongMethodOnARouteGets404AsFromTheHost() throws Exception {
        assertEquals(404, send(to("/api/devices/d1/reboot").header("x-functions-key", KEY)).statusCode());
    }

    @Test
    void anUnknownRouteGets404() throws Exception {
        assertEquals(404, send(to("/api/nothing/here").header("x-functions-key", KEY)).statusCode());
    }

    @Test
    void aPreflightFromTheAllowedPortalOriginIsAnsweredWithCorsHeaders() throws Exception {
        HttpResponse<String> r = send(preflight(PORTAL));
        assertEquals(204, r.statusCode());
        assertEquals(PORTAL, r.headers().firstValue("access-control-allow-origin").orElse(null));
        assertEquals("POST", r.headers().firstValue("access-control-allow-methods").orElse(null));
        assertEquals("x-functions-key,content-type", r.headers().firstValue("access-control-allow-headers").orElse(null));
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoCorsHeaders() throws Exception {
        HttpResponse<String> r = send(preflight("http://evil.example"));
        assertEquals(204, r.statusCode());
        assertFalse(r.headers().firstValue("access-control-allow-origin").isPresent());
    }

    @Test
    void anActualRequestCarriesTheAllowOriginOnlyForTheAllowedOrigin() throws Exception {
        HttpResponse<String> allowed = send(to("/api/devices/bad%20id/reboot").header("x-functions-key", KEY)
                .header("Origin", PORTAL).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(PORTAL, allowed.headers().firstValue("access-control-allow-origin").orElse(null));
        assertEquals("Origin", allowed.headers().firstValue("vary").orElse(null));
        HttpResponse<String> other = send(to("/api/devices/bad%20id/reboot").header("x-functions-key", KEY)
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()));
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
    }

    private static HttpRequest.Builder preflight(String origin) {
        return to("/api/devices/d1/reboot").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-functions-key,content-type");
    }
}
