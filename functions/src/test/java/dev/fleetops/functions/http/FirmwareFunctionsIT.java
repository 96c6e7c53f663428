package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.HttpMethod;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.wiring.AppServices;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The catalog's routes as the worker calls them, wired by {@link AppServices} against Azurite: status codes and
 * problem codes for each outcome, and the roles each route needs.
 */
class FirmwareFunctionsIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static FirmwareFunctions functions(String role) throws Exception {
        Map<String, String> settings = Map.of(
                "IOTHUB_HOSTNAME",
                "hub.azure-devices.net",
                "AzureWebJobsStorage",
                Azurite.connectionString(),
                "FIRMWARE_CONTAINER",
                "fw-" + RUN,
                "FIRMWARE_MAX_SIZE_MB",
                "1",
                "FLEETOPS_AUTOMATION_ROLE",
                role);
        return new FleetOpsInjector(new AppServices(settings, Clock.systemUTC())).getInstance(FirmwareFunctions.class);
    }

    private final FirmwareFunctions admin = functions("FleetOps.Admin");

    FirmwareFunctionsIT() throws Exception {}

    private TestHttpResponse register(FirmwareFunctions f, String body) {
        return TestHttpResponse.of(
                f.register(TestHttpRequest.post("/api/firmware", body), new TestContext("RegisterFirmware")));
    }

    private TestHttpResponse complete(String version) {
        return TestHttpResponse.of(admin.complete(
                TestHttpRequest.post("/api/firmware/" + version + "/complete", null),
                version,
                new TestContext("CompleteFirmware")));
    }

    private TestHttpResponse delete(FirmwareFunctions f, String version) {
        return TestHttpResponse.of(f.delete(
                TestHttpRequest.request(HttpMethod.DELETE, "/api/firmware/" + version, Map.of(), null),
                version,
                new TestContext("DeleteFirmware")));
    }

    @Test
    void badInputIsA400NamingTheField() {
        TestHttpResponse bad = register(admin, "{\"version\":\"1.0\",\"sizeBytes\":0}");
        assertEquals(400, bad.code());
        assertEquals("invalid-request", bad.json().get("code").getAsString());
        String fields = bad.json().getAsJsonArray("errors").toString();
        assertTrue(fields.contains("\"name\"") && fields.contains("\"sizeBytes\""), fields);
        TestHttpResponse badPath = TestHttpResponse.of(
                admin.get(TestHttpRequest.get("/api/firmware/a%2Fb"), "../etc", new TestContext("GetFirmware")));
        assertEquals(400, badPath.code());
        TestHttpResponse missing = TestHttpResponse.of(admin.get(
                TestHttpRequest.get("/api/firmware/none-" + RUN), "none-" + RUN, new TestContext("GetFirmware")));
        assertEquals(404, missing.code());
        assertEquals("firmware-not-found", missing.json().get("code").getAsString());
    }

    @Test
    void anOversizedUploadFailsTheVersionAndTheVersionThenStaysFailed() throws Exception {
        String version = "1.0." + Math.abs(RUN.hashCode() % 10000);
        TestHttpResponse r = register(admin, "{\"name\":\"big\",\"version\":\"" + version + "\"}");
        assertEquals(201, r.code(), String.valueOf(r.getBody()));
        assertEquals("/api/firmware/" + version, r.getHeader("Location"));
        TestHttpResponse notYet = complete(version);
        assertEquals(409, notYet.code());
        assertEquals("firmware-not-uploaded", notYet.json().get("code").getAsString());
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(r.json()
                                        .getAsJsonObject("upload")
                                        .get("url")
                                        .getAsString()))
                                .header("x-ms-blob-type", "BlockBlob")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1]))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        TestHttpResponse refused = complete(version);
        assertEquals(422, refused.code());
        assertEquals("firmware-package-refused", refused.json().get("code").getAsString());
        TestHttpResponse got = TestHttpResponse.of(
                admin.get(TestHttpRequest.get("/api/firmware/" + version), version, new TestContext("GetFirmware")));
        assertEquals("failed", got.json().get("state").getAsString());
        assertTrue(
                got.json().get("failure").getAsString().contains("at most 1048576"),
                got.json().toString());
        assertEquals(
                409,
                register(admin, "{\"name\":\"big\",\"version\":\"" + version + "\"}")
                        .code());
        assertEquals(403, delete(functions("FleetOps.Operator"), version).code(), "deleting is Admin");
        assertEquals(204, delete(admin, version).code());
        assertEquals(404, delete(admin, version).code());
    }

    @Test
    void registeringTheSameVersionAgainBeforeItsUploadGivesAFreshLink() throws Exception {
        String version = "2.0." + Math.abs(RUN.hashCode() % 10000);
        String body = "{\"name\":\"n\",\"version\":\"" + version + "\"}";
        FirmwareFunctions operator = functions("FleetOps.Operator");
        assertEquals(201, register(operator, body).code());
        TestHttpResponse again = register(operator, body);
        assertEquals(200, again.code());
        assertTrue(
                again.json().getAsJsonObject("upload").get("url").getAsString().contains("sig="));
        assertEquals(
                403,
                register(functions("FleetOps.Reader"), "{\"name\":\"n\",\"version\":\"r-" + version + "\"}")
                        .code(),
                "registering is Operator");
    }
}
