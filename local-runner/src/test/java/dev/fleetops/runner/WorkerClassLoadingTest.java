package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import dev.fleetops.runner.app.WorkerPlatform;
import dev.fleetops.runner.http.CorsPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app loaded as the Java worker loads it: an app jar whose lib/ bundles a newer Gson (2.13) gets the
 * worker's Gson 2.9.0 for every class 2.9.0 has and its own for the rest, exactly the mix that broke
 * FleetOps on Azure; and two lib/ jars with the same class are reported at start-up.
 */
class WorkerClassLoadingTest {
    private static final String PROBE = "dev.fleetops.runner.fake.gson.GsonProbeFunctions.";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static LocalRunner runner;

    @BeforeAll
    static void start() throws Exception {
        Path appGson = Path.of(
                Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        FakeApp.writeJar(
                dir.resolve("twins/twin-a.jar"), FakeApp.testClasses(), List.of("dev.fleetops.runner.fake.dup"));
        FakeApp.writeJar(
                dir.resolve("twins/twin-b.jar"), FakeApp.testClasses(), List.of("dev.fleetops.runner.fake.dup"));
        new FakeApp(dir.resolve("app"))
                .jar("app.jar", "dev.fleetops.runner.fake.gson")
                .lib(appGson, appGson.getFileName().toString())
                .lib(dir.resolve("twins/twin-a.jar"), "twin-a.jar")
                .lib(dir.resolve("twins/twin-b.jar"), "twin-b.jar")
                .http("GsonProbe", PROBE + "probe", "gson", "[\"GET\"]", "ANONYMOUS")
                .http("StrictParse", PROBE + "strict", "strict", "[\"POST\"]", "ANONYMOUS");
        runner = LocalRunner.start(new RunnerConfig(dir.resolve("app"), Map.of(), 0, "k", CorsPolicy.none(), null));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAppGetsTheWorkersGsonWhereItHasAClassAndItsOwnGsonElsewhere() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(runner.baseUri() + "/api/gson")));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject seen = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals(
                "worker-platform", seen.get("gsonLoader").getAsString(), "com.google.gson.Gson is the worker's 2.9.0");
        assertEquals(
                "fleetops-app",
                seen.get("strictnessLoader").getAsString(),
                "Strictness (2.11) comes from the app's jar");
        assertEquals(
                "NoSuchMethodError",
                seen.get("setStrictness").getAsString(),
                "2.9.0's GsonBuilder has no setStrictness");
        assertEquals("AssertionError", seen.get("readRecord").getAsString(), "2.9.0 cannot set a record's fields");
        assertEquals(
                "azure-functions-java-library-2.0.1.jar",
                seen.get("annotationsFrom").getAsString(),
                "the annotations come from the worker's annotationLib jar, appended after the app's jars");
    }

    @Test
    void aFunctionThatHitsTheMissingMethodFailsWithA500AsOnTheWorker() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(runner.baseUri() + "/api/strict"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(500, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void theBannerWarnsAboutHiddenAndDuplicateClasses() {
        String banner = String.join("\n", runner.banner());
        assertTrue(
                banner.matches(
                        "(?s).*WARNING: gson-[0-9.]+\\.jar: \\d+ classes are hidden by the worker's own \\(Gson 2\\.9\\.0,"
                                + ".*still come from the app \\(e\\.g\\. .*\\), so the app runs on a mix of two versions.*"),
                banner);
        assertTrue(
                banner.matches(
                        "(?s).*WARNING: twin-[ab]\\.jar and twin-[ab]\\.jar both provide 1 classes \\(0 of them differ\\),"
                                + " e\\.g\\. dev\\.fleetops\\.runner\\.fake\\.dup\\.Twin.*"),
                banner);
    }

    @Test
    void theWorkersFunctionsTypesAreTheRunnersOwnAndItsGsonIsNot() throws Exception {
        ClassLoader platform = WorkerPlatform.get().loader();
        assertSame(HttpRequestMessage.class, platform.loadClass(HttpRequestMessage.class.getName()));
        assertSame(FunctionInstanceInjector.class, platform.loadClass(FunctionInstanceInjector.class.getName()));
        assertThrows(
                ClassNotFoundException.class,
                () -> platform.loadClass("com.microsoft.azure.functions.annotation.FunctionName"));
        assertThrows(ClassNotFoundException.class, () -> platform.loadClass(LocalRunner.class.getName()));
        Class<?> gson = platform.loadClass("com.google.gson.Gson");
        assertTrue(
                gson != Gson.class
                        && gson.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .getPath()
                                .endsWith("gson-2.9.0.jar"),
                gson.getProtectionDomain().getCodeSource().getLocation().toString());
    }
}
