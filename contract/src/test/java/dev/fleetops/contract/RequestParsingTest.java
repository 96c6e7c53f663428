package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonNull;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParsingTest {
    private static final String SHA = "a".repeat(64);

    private static List<String> fields(Parsed<?> p) {
        return assertInstanceOf(Parsed.Invalid.class, p).errors().stream()
                .map(e -> ((FieldError) e).field())
                .toList();
    }

    @Test
    void firmwareRequestParsesAndNormalizesTheHash() {
        Parsed<FirmwareUpdateRequest> p = FirmwareUpdateRequest.parse(
                StrictJson.parse(
                        "{\"version\":\"2.1.0\",\"packageUri\":\"https://cdn.example.com/fw.bin?sig=x\",\"sha256\":\""
                                + "AB".repeat(32) + "\",\"sizeBytes\":1024,\"operationId\":\"op-1\"}"),
                true);
        FirmwareUpdateRequest r =
                assertInstanceOf(Parsed.Valid.class, p).value() instanceof FirmwareUpdateRequest f ? f : null;
        assertEquals("2.1.0", r.version());
        assertEquals("ab".repeat(32), r.sha256());
        assertEquals(1024L, r.sizeBytes());
        assertEquals("op-1", r.operationId());
    }

    @Test
    void firmwareRequestNamesEveryBadField() {
        Parsed<FirmwareUpdateRequest> p = FirmwareUpdateRequest.parse(
                StrictJson.parse(
                        "{\"version\":\"../../etc\",\"packageUri\":\"http://example.com/fw.bin\",\"sha256\":\"xyz\",\"sizeBytes\":0}"),
                true);
        assertEquals(List.of("version", "packageUri", "sha256", "sizeBytes"), fields(p));
    }

    @Test
    void firmwareRequestRequiresItsFields() {
        assertEquals(
                List.of("version", "packageUri", "sha256"),
                fields(FirmwareUpdateRequest.parse(JsonNull.INSTANCE, true)));
    }

    @Test
    void packageUriMustBeHttpsWithAHostAndNoUserInfo() {
        assertEquals("must use https", FirmwareUpdateRequest.httpsUriProblem("ftp://x.example/fw"));
        assertEquals("must use https", FirmwareUpdateRequest.httpsUriProblem("file:///etc/passwd"));
        assertEquals("must name a host", FirmwareUpdateRequest.httpsUriProblem("https:///fw.bin"));
        assertEquals(
                "must not carry credentials in the URI",
                FirmwareUpdateRequest.httpsUriProblem("https://u:p@x.example/fw"));
        assertEquals("must be a valid absolute URI", FirmwareUpdateRequest.httpsUriProblem("https://x.example/a b"));
        assertNull(FirmwareUpdateRequest.httpsUriProblem("https://x.example:8443/fw.bin?sv=1&sig=abc"));
    }

    @Test
    void unknownFieldsAreErrorsForThePortalButToleratedByDevices() {
        String body = "{\"delaySeconds\":5,\"force\":true}";
        assertEquals(List.of("force"), fields(RebootRequest.parse(StrictJson.parse(body), true)));
        assertInstanceOf(Parsed.Valid.class, RebootRequest.parse(StrictJson.parse(body), false));
    }

    @Test
    void numbersMustBeWholeAndInRange() {
        assertEquals(
                List.of("delaySeconds"), fields(RebootRequest.parse(StrictJson.parse("{\"delaySeconds\":1.5}"), true)));
        assertEquals(
                List.of("delaySeconds"), fields(RebootRequest.parse(StrictJson.parse("{\"delaySeconds\":-1}"), true)));
        assertEquals(
                List.of("delaySeconds"),
                fields(RebootRequest.parse(StrictJson.parse("{\"delaySeconds\":1e400}"), true)));
        assertEquals(
                List.of("delaySeconds"),
                fields(RebootRequest.parse(StrictJson.parse("{\"delaySeconds\":\"5\"}"), true)));
        Parsed<RebootRequest> ok = RebootRequest.parse(StrictJson.parse("{\"delaySeconds\":5.0}"), true);
        assertEquals(5, ((Parsed.Valid<RebootRequest>) ok).value().delaySeconds());
    }

    @Test
    void operationIdsAreUrlAndQuerySafe() {
        assertTrue(OperationIds.isValid(OperationIds.newId()));
        assertTrue(OperationIds.isValid("rollout-7.wave_2"));
        for (String bad : new String[] {"", "-start", "a'b", "a b", "a/b", "x".repeat(65), "é"}) {
            assertTrue(!OperationIds.isValid(bad), bad);
        }
        assertEquals(
                List.of("operationId"),
                fields(FactoryResetRequest.parse(StrictJson.parse("{\"operationId\":\"' OR 1=1\"}"), true)));
    }

    @Test
    void aPayloadThatIsNotAnObjectIsRejected() {
        assertEquals(List.of("$"), fields(FactoryResetRequest.parse(StrictJson.parse("[1]"), true)));
    }

    @Test
    void firmwareRequestWithoutShaIsInvalid() {
        Parsed<FirmwareUpdateRequest> p = FirmwareUpdateRequest.parse(
                StrictJson.parse("{\"version\":\"1\",\"packageUri\":\"https://x.example/f\",\"sha256\":\""
                        + SHA.substring(1) + "\"}"),
                false);
        assertEquals(List.of("sha256"), fields(p));
    }

    private static Parsed<FirmwareUpdateRequest> withWindow(String window) {
        return FirmwareUpdateRequest.parse(
                StrictJson.parse(
                        "{\"version\":\"2.1.0\",\"packageUri\":\"https://cdn.example.com/fw.bin\",\"sha256\":\"" + SHA
                                + "\",\"installWindow\":" + window + "}"),
                true);
    }

    @Test
    void anInstallWindowIsCarriedToTheDeviceAsGiven() {
        FirmwareUpdateRequest r = (FirmwareUpdateRequest) assertInstanceOf(
                        Parsed.Valid.class,
                        withWindow("{\"start\":\"02:00\",\"durationMinutes\":120,\"timeZone\":\"device\"}"))
                .value();
        assertEquals(new InstallWindow("02:00", 120, "device"), r.installWindow());
        assertEquals(
                r,
                assertInstanceOf(Parsed.Valid.class, FirmwareUpdateRequest.parse(StrictJson.GSON.toJsonTree(r), true))
                        .value(),
                "the payload FleetOps sends parses back to the same request");
        assertEquals(java.time.ZoneId.of("Asia/Tokyo"), r.installWindow().zone(java.time.ZoneId.of("Asia/Tokyo")));
        FirmwareUpdateRequest berlin = (FirmwareUpdateRequest) assertInstanceOf(
                        Parsed.Valid.class,
                        withWindow("{\"start\":\"23:59\",\"durationMinutes\":1440,\"timeZone\":\"Europe/Berlin\"}"))
                .value();
        assertEquals(
                java.time.ZoneId.of("Europe/Berlin"), berlin.installWindow().zone(java.time.ZoneId.of("Asia/Tokyo")));
    }

    @Test
    void aBadInstallWindowNamesEachBadField() {
        assertEquals(
                List.of("installWindow.start", "installWindow.durationMinutes", "installWindow.timeZone"),
                fields(withWindow("{\"start\":\"2:00\",\"durationMinutes\":1441,\"timeZone\":\"+05:00\"}")));
        assertEquals(
                List.of("installWindow.start", "installWindow.durationMinutes", "installWindow.timeZone"),
                fields(withWindow("{}")));
        assertEquals(
                List.of("installWindow.start"),
                fields(withWindow("{\"start\":\"24:00\",\"durationMinutes\":1,\"timeZone\":\"UTC\"}")));
        assertEquals(
                List.of("installWindow.end"),
                fields(withWindow(
                        "{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"UTC\",\"end\":\"03:00\"}")));
        assertEquals(List.of("installWindow"), fields(withWindow("[\"02:00\"]")));
        assertEquals(
                List.of("installWindow.timeZone"),
                fields(withWindow("{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"GMT+2\"}")));
    }
}
