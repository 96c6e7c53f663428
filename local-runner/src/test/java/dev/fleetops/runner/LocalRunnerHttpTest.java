package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
                .http("Inputs", FN + "inputs", "inputs/{id}", "[\"GET\",\"POST\"]", "ANONYMOUS")
                .http("Reflect", FN + "reflect", "reflect/{kind}", "[\"POST\"]", "ANONYMOUS")
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

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void routeValuesQueryParametersAndContextReachTheFunction() throws Exception {
        HttpResponse<String> r = send(to("/api/things/7?q=hello%20world&code=" + KEY));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject seen = json(r);
        assertEquals("7", seen.get("id").getAsString());
        assertEquals("hello world", seen.get("q").getAsString());
        assertEquals("GET", seen.get("method").getAsString());
        assertEquals("<none>", seen.get("body").getAsString());
        assertEquals("Echo", seen.get("function").getAsString());
        assertTrue(
                seen.get("uri")
                        .getAsString()
                        .startsWith("http://127.0.0.1:" + runner.port() + "/api/things/7?q=hello%20world"),
                r.body());
        assertNotNull(r.headers().firstValue("x-invocation").orElse(null));
    }

    @Test
    void aMapBodyIsWrittenAsTheHostWritesItIndentedAndAsPlainText() throws Exception {
        HttpResponse<String> r = send(to("/api/things/7?q=%3Cb%3E&code=" + KEY));
        // The worker's Gson writes <b> as \u003cb\u003e; the host reads that back and writes it indented, as text.
        assertEquals(
                "text/plain; charset=utf-8",
                r.headers().firstValue("content-type").orElse(null));
        assertTrue(r.body().startsWith("{\n  \"id\": \"7\",\n  \"q\": \"<b>\",\n"), r.body());
    }

    @Test
    void theBodyAndLowerCaseHeadersReachTheFunction() throws Exception {
        HttpResponse<String> r = send(to("/api/things/8/more?q=x")
                .header("x-functions-key", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"a\":1}", json(r).get("body").getAsString());
        assertEquals("application/json", json(r).get("contentType").getAsString());
    }

    @Test
    void aBindingNameTheRequestDoesNotHaveFailsTheInvocationAsOnTheWorker() throws Exception {
        HttpResponse<String> r = send(to("/api/things/8?code=" + KEY));
        assertEquals(500, r.statusCode(), "@BindingName(\"q\") finds no trigger metadata 'q'");
        assertEquals("", r.body());
    }

    @Test
    void repeatedQueryNamesAreJoinedAndEmptyValuesDroppedWhileBindingNameGetsTheLastValue() throws Exception {
        HttpResponse<String> r = send(to("/api/inputs/5?a=1&A=2&a=3&empty=&bare&b=x+y%21"));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject seen = json(r);
        JsonObject query = seen.getAsJsonObject("query");
        assertEquals("1,2,3", query.get("a").getAsString(), "names ignore case; the first spelling stays");
        assertFalse(query.has("A"));
        assertFalse(query.has("empty"), "an empty value is not sent");
        assertFalse(query.has("bare"));
        assertEquals("x y!", query.get("b").getAsString());
        assertEquals("3", seen.get("bindingA").getAsString(), "binding data keeps the last value");
        assertEquals("5", seen.get("bindingId").getAsString());
    }

    @Test
    void headerNamesAreLowerCaseAndRepeatedHeadersJoinedWithAComma() throws Exception {
        JsonObject headers = json(send(to("/api/inputs/5?a=1")
                        .header("X-Multi", "one")
                        .header("X-Multi", "two")
                        .header("X-Empty", "")))
                .getAsJsonObject("headers");
        assertEquals("one,two", headers.get("x-multi").getAsString());
        assertEquals("", headers.get("x-empty").getAsString(), "empty header values are kept");
        assertTrue(headers.keySet().stream().allMatch(k -> k.equals(k.toLowerCase())), headers.toString());
    }

    @Test
    void aBodyPropertyIsBindingDataButARouteValueWinsOverIt() throws Exception {
        JsonObject seen = json(send(to("/api/inputs/5")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":true,\"id\":\"body\"}"))));
        assertEquals("True", seen.get("bindingA").getAsString(), "a JSON boolean, as .NET prints it");
        assertEquals("5", seen.get("bindingId").getAsString());
    }

    @Test
    void aChunkedBodyWithoutContentLengthReachesTheFunctionAsNoBody() throws Exception {
        HttpResponse<String> r = send(to("/api/inputs/5?a=1")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "chunked".getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(json(r).has("body"), r.body());
    }

    @Test
    void textBodiesGetTheFunctionsContentTypeWithUtf8OrPlainText() throws Exception {
        HttpResponse<String> problem = send(to("/api/reflect/text?type=application%2Fproblem%2Bjson")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}")));
        assertEquals(202, problem.statusCode());
        assertEquals(
                "application/problem+json; charset=utf-8",
                problem.headers().firstValue("content-type").orElse(null));
        assertEquals("{\"title\":\"x\"}", problem.body(), "a String body goes out as it is");
        HttpResponse<String> latin = send(to("/api/reflect/text?type=text%2Fhtml%3B%20charset%3Diso-8859-1")
                .POST(HttpRequest.BodyPublishers.ofString("<p>")));
        assertEquals(
                "text/html; charset=utf-8",
                latin.headers().firstValue("content-type").orElse(null));
        HttpResponse<String> plain = send(to("/api/reflect/text").POST(HttpRequest.BodyPublishers.ofString("hi")));
        assertEquals(
                "text/plain; charset=utf-8",
                plain.headers().firstValue("content-type").orElse(null));
    }

    @Test
    void numbersAndNullBodiesAreWrittenAsTheHostPrintsThem() throws Exception {
        assertEquals(
                "42",
                send(to("/api/reflect/number").POST(HttpRequest.BodyPublishers.ofString("42")))
                        .body());
        assertEquals(
                "5",
                send(to("/api/reflect/double").POST(HttpRequest.BodyPublishers.ofString("5.0")))
                        .body());
        assertEquals(
                "1E+20",
                send(to("/api/reflect/double").POST(HttpRequest.BodyPublishers.ofString("1e20")))
                        .body());
        HttpResponse<String> none = send(to("/api/reflect/null").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(202, none.statusCode());
        assertEquals("", none.body());
        assertEquals(
                "text/plain; charset=utf-8",
                none.headers().firstValue("content-type").orElse(null));
        String map = send(to("/api/reflect/map").POST(HttpRequest.BodyPublishers.ofString("t")))
                .body();
        assertEquals(JsonParser.parseString("{\"list\":[1,2],\"text\":\"t\"}"), JsonParser.parseString(map));
        assertTrue(map.contains("\"list\": [\n    1,\n    2\n  ]"), map);
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
    void aByteArrayBodyIsSentAsIsWithoutAContentTypeAndAPlainStringRequestIsSupported() throws Exception {
        HttpResponse<String> r = send(to("/api/bytes"));
        assertEquals(201, r.statusCode());
        assertEquals("plain body=null", r.body());
        assertFalse(
                r.headers().firstValue("content-type").isPresent(), r.headers().toString());
    }

    @Test
    void theKeyIsAlsoTheMasterKeyAndAStringResultIsA200() throws Exception {
        HttpResponse<String> r = send(to("/api/admin-only").header("x-functions-key", KEY));
        assertEquals(200, r.statusCode());
        assertEquals("admin ok", r.body());
        assertEquals(
                "text/plain; charset=utf-8",
                r.headers().firstValue("content-type").orElse(null));
    }

    @Test
    void aBodyOverTheCapGets413() throws Exception {
        HttpResponse<String> r = send(to("/api/things/7?code=" + KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1])));
        assertEquals(413, r.statusCode());
    }

    @Test
    void aMethodMismatchAndAnUnknownPathBothGet404WithAnEmptyBody() throws Exception {
        HttpResponse<String> wrongMethod = send(to("/api/things/7?code=" + KEY).DELETE());
        assertEquals(404, wrongMethod.statusCode());
        assertEquals("", wrongMethod.body());
        HttpResponse<String> unknown = send(to("/api/nothing-here"));
        assertEquals(404, unknown.statusCode());
        assertEquals("", unknown.body());
        assertEquals(
                404,
                send(to("/api/bytes").POST(HttpRequest.BodyPublishers.noBody())).statusCode(),
                "GET only");
    }

    @Test
    void theHostStatusEndpointAnswersRunningWithoutAKey() throws Exception {
        HttpResponse<String> r = send(to("/admin/host/status"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"state\":\"Running\"}", r.body());
    }

    @Test
    void aFunctionWhoseEntryPointIsMissingIsListedAsNotServed() throws Exception {
        assertTrue(
                runner.banner().stream().anyMatch(l -> l.contains("Missing: NOT SERVED")),
                String.join("\n", runner.banner()));
        assertEquals(404, send(to("/api/missing")).statusCode());
    }
}
