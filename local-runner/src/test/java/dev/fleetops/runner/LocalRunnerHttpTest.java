package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.runner.http.CorsPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner in process against a fake app from the test classes, through real HTTP. */
class LocalRunnerHttpTest {
    private static final String KEY = "test-key";
    private static final String FN = "dev.fleetops.runner.fake.FakeHttpFunctions.";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    private static LocalRunner runner;

    @BeforeAll
    static void start() throws IOException {
        new FakeApp(dir)
                .http("Echo", FN + "echo", "things/{id}/{extra?}", "[\"GET\",\"POST\"]", "FUNCTION")
                .http("Boom", FN + "boom", "boom", "[]", "ANONYMOUS")
                .http("Bytes", FN + "bytes", "bytes", "[\"GET\"]", "ANONYMOUS")
                .http("AdminOnly", FN + "admin", "admin-only", "[\"GET\"]", "ADMIN")
                .http("Missing", FN + "missing", "missing", "[\"GET\"]", "ANONYMOUS");
        runner = LocalRunner.start(new RunnerConfig(dir, Map.of(), 0, KEY, CorsPolicy.none(), null));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder to(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(runner.baseUri() + pathAndQuery));
    }

    @Test
    void routeValuesQueryParametersAndContextReachTheFunction() throws Exception {
        HttpResponse<String> r = send(to("/api/things/7?q=hello%20world&code=" + KEY));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"id\":\"7\",\"q\":\"hello world\",\"method\":\"GET\",\"body\":\"<none>\""), r.body());
        assertTrue(r.body().contains("\"function\":\"Echo\""), r.body());
        assertTrue(r.body().contains("\"uri\":\"http://127.0.0.1:" + runner.port() + "/api/things/7?q=hello%20world"), r.body());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").orElse(null));
        assertNotNull(r.headers().firstValue("x-invocation").orElse(null));
    }

    @Test
    void theBodyAndLowerCaseHeadersReachTheFunction() throws Exception {
        HttpResponse<String> r = send(to("/api/things/8/more").header("x-functions-key", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"body\":\"{\\\"a\\\":1}\",\"contentType\":\"application/json\""), r.body());
    }

    @Test
    void aMissingOrWrongKeyGets401WithAnEmptyBody() throws Exception {
        HttpResponse<String> missing = send(to("/api/things/7"));
        assertEquals(401, missing.statusCode());
        assertEquals("", missing.body());
        assertEquals(401, send(to("/api/things/7?code=nope")).statusCode());
    }

    @Test
    void aFunctionThatThrowsGets500WithoutTheExceptionInTheBody() throws Exception {
        HttpResponse<String> r = send(to("/api/boom"));
        assertEquals(500, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void aByteArrayBodyIsSentAsIsAndAPlainStringRequestIsSupported() throws Exception {
        HttpResponse<String> r = send(to("/api/bytes"));
        assertEquals(201, r.statusCode());
        assertEquals("plain body=null", r.body());
        assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElse(null));
    }

    @Test
    void theKeyIsAlsoTheMasterKeyAndAStringResultIsA200() throws Exception {
        HttpResponse<String> r = send(to("/api/admin-only").header("x-functions-key", KEY));
        assertEquals(200, r.statusCode());
        assertEquals("admin ok", r.body());
    }

    @Test
    void aBodyOverTheCapGets413() throws Exception {
        HttpResponse<String> r = send(to("/api/things/7?code=" + KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1])));
        assertEquals(413, r.statusCode());
    }

    @Test
    void aMethodMismatchAndAnUnknownPathBothGet404() throws Exception {
        assertEquals(404, send(to("/api/things/7?code=" + KEY).DELETE()).statusCode());
        assertEquals(404, send(to("/api/nothing-here")).statusCode());
    }

    @Test
    void theHostStatusEndpointAnswersRunningWithoutAKey() throws Exception {
        HttpResponse<String> r = send(to("/admin/host/status"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"state\":\"Running\"}", r.body());
    }

    @Test
    void aFunctionWhoseEntryPointIsMissingIsListedAsNotServed() throws Exception {
        assertTrue(runner.banner().stream().anyMatch(l -> l.contains("Missing: NOT SERVED")), String.join("\n", runner.banner()));
        assertEquals(404, send(to("/api/missing")).statusCode());
    }
}
