package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.rollout.FailureType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolloutRequestTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static Parsed<RolloutRequest> parse(String json) {
        return RolloutRequest.parse(StrictJson.parseObject(json), NOW);
    }

    private static List<String> fields(String json) {
        return assertInstanceOf(Parsed.Invalid.class, parse(json)).errors().stream()
                .map(e -> ((FieldError) e).field())
                .toList();
    }

    @Test
    void aCanaryFirmwareRolloutParsesIntoAConfig() {
        RolloutRequest r = ((Parsed.Valid<RolloutRequest>) parse("""
                {"action":"firmwareUpdate",
                 "firmware":{"version":"2.0.0","packageUri":"https://cdn.example/fw.bin","sha256":"%s"},
                 "target":{"filter":{"tags":{"region":"eu","ring":[1,2]},"reported":{"iothubDM.firmwareVersion":"1.0.0"}}},
                 "rollout":{"waves":[1,10,50,100],"successThresholdPercent":95,"maxPerMinute":600,
                            "ramp":{"baseRatePerMinute":10,"incrementFactor":2,"incrementEvery":5}},
                 "abort":[{"failureType":"ALL","minFinished":10,"thresholdPercent":20}],
                 "deviceTimeoutMinutes":30,
                 "retry":{"maxRetries":2,"retryOn":"TIMED_OUT","backoffSeconds":30},
                 "deadline":"2026-06-02T00:00:00Z",
                 "maintenanceWindow":{"startUtc":"22:00","durationMinutes":240}}""".formatted("a".repeat(64)))).value();
        assertEquals(Action.FIRMWARE_UPDATE, r.action());
        assertEquals("2.0.0", r.actionPayload().get("version").getAsString());
        assertNull(r.deviceIds());
        assertEquals(4, r.config().waves().waveCount());
        assertEquals(95, r.config().successThresholdPercent());
        assertEquals(10, r.config().rate().currentPerMinute(0));
        assertEquals(FailureType.ALL, r.config().abort().get(0).type());
        assertEquals(Duration.ofMinutes(30), r.config().perDeviceTimeout());
        assertEquals(2, r.config().retry().maxRetries());
        assertEquals(
                "SELECT deviceId FROM devices WHERE tags.region = 'eu' AND tags.ring IN [1, 2]"
                        + " AND properties.reported.iothubDM.firmwareVersion = '1.0.0'",
                r.filter().toQuery());
    }

    @Test
    void explicitDeviceListsAreValidatedOneByOne() {
        assertEquals(
                List.of("target.deviceIds[1]", "target.deviceIds[2]"),
                fields("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\",\"b c\",\"a\"]}}"));
        RolloutRequest ok = ((Parsed.Valid<RolloutRequest>)
                        parse("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\",\"b\"]}}"))
                .value();
        assertEquals(List.of("a", "b"), ok.deviceIds());
        assertEquals(1, ok.config().waves().waveCount());
    }

    @Test
    void filterTextCannotInjectQuerySyntax() {
        List<String> bad =
                fields("{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"region\":\"eu' OR 1=1 --\"}}}}");
        assertEquals(List.of("target.filter.tags.region"), bad);
        assertEquals(
                List.of("target.filter.tags"),
                fields("{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"a = 1 OR b\":\"x\"}}}}"));
        assertEquals(
                List.of("target.filter.reported.x"),
                fields("{\"action\":\"reboot\",\"target\":{\"filter\":{\"reported\":{\"x\":{\"nested\":1}}}}}"));
    }

    @Test
    void everyBadFieldIsNamed() {
        List<String> errors = fields("""
                {"action":"firmwareUpdate","firmware":{"version":"1","packageUri":"http://x/f","sha256":"z"},
                 "target":{"deviceIds":[]},"rollout":{"waves":[50,10],"successThresholdPercent":120},
                 "abort":[{"failureType":"SOMETIMES","minFinished":0,"thresholdPercent":0}],
                 "retry":{"maxRetries":11,"retryOn":"REJECTED"},"startAt":"tomorrow","bogus":1}""");
        for (String field : new String[] {
            "bogus",
            "firmware.packageUri",
            "firmware.sha256",
            "target.deviceIds",
            "rollout.waves",
            "rollout.successThresholdPercent",
            "abort[0].failureType",
            "abort[0].minFinished",
            "abort[0].thresholdPercent",
            "retry.maxRetries",
            "retry.retryOn",
            "startAt"
        }) {
            assertTrue(errors.contains(field), field + " in " + errors);
        }
    }

    @Test
    void operationIdsAreFleetOpsToGiveWhateverTheAction() {
        assertEquals(
                List.of("reboot.operationId"),
                fields(
                        "{\"action\":\"reboot\",\"reboot\":{\"operationId\":\"mine\"},\"target\":{\"deviceIds\":[\"a\"]}}"));
        assertEquals(
                List.of("firmware.operationId"),
                fields("{\"action\":\"firmwareUpdate\",\"firmware\":{\"operationId\":\"mine\","
                        + "\"version\":\"2.0.0\",\"packageUri\":\"https://h/p\",\"sha256\":\"" + "a".repeat(64)
                        + "\"},\"target\":{\"deviceIds\":[\"a\"]}}"));
        assertEquals(
                List.of("factoryReset"),
                fields("{\"action\":\"factoryReset\",\"factoryReset\":{},\"target\":{\"deviceIds\":[\"a\"]}}"),
                "factory reset takes no payload, so it has no field");
        assertEquals(List.of("action"), fields("{\"action\":\"rollback\",\"target\":{\"deviceIds\":[\"a\"]}}"));
    }

    @Test
    void targetNeedsExactlyOneSelector() {
        assertEquals(List.of("target"), fields("{\"action\":\"reboot\",\"target\":{}}"));
        assertEquals(
                List.of("target"),
                fields("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"],\"filter\":{\"tags\":{\"a\":1}}}}"));
        assertEquals(List.of("target"), fields("{\"action\":\"reboot\"}"));
    }

    @Test
    void theDeadlineMustFollowTheStart() {
        assertEquals(
                List.of("deadline"),
                fields("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"]},"
                        + "\"startAt\":\"2026-06-03T00:00:00Z\",\"deadline\":\"2026-06-02T00:00:00Z\"}"));
    }

    @Test
    void filtersAreBounded() {
        StringBuilder many = new StringBuilder("{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{");
        for (int i = 0; i < 11; i++) {
            many.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":1");
        }
        many.append("}}}}");
        assertTrue(fields(many.toString()).contains("target.filter"));
        assertEquals(Map.of(), new TargetFilter(Map.of(), Map.of("a", List.of(1L))).tags());
    }

    private static String filterOn(String value) {
        return "{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"ring\":" + value + "}}}}";
    }

    /** Finding 6 of "rollouts that fail safe": filter values that used to be coerced into another value. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e70", "1E+1000", "-0", "18446744073709551617", "null", "[[1,2]]", "1e99999", "{\"a\":1}"})
    void filterValuesThatWouldChangeMeaningAreRefusedNamingTheField(String value) {
        assertEquals(List.of("target.filter.tags.ring"), fields(filterOn(value)), value);
    }

    @Test
    void exactFilterNumbersKeepTheirValue() {
        RolloutRequest r = ((Parsed.Valid<RolloutRequest>) parse(filterOn("[9007199254740992, 2.5, 1e2, -7]"))).value();
        assertEquals(
                "SELECT deviceId FROM devices WHERE tags.ring IN [9007199254740992, 2.5, 100, -7]",
                r.filter().toQuery());
    }

    @Test
    void aFilterWhoseQueryIsTooLongForTheHubIsRefused() {
        StringBuilder values = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            values.append(i == 0 ? "" : ",")
                    .append('"')
                    .append("v".repeat(200))
                    .append(i)
                    .append('"');
        }
        List<FieldError> errors =
                assertInstanceOf(Parsed.Invalid.class, parse(filterOn(values + "]"))).errors().stream()
                        .map(e -> (FieldError) e)
                        .toList();
        assertEquals("target.filter", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("8192"), errors.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[0.4,1]", "[1e999]", "[0,5]", "[2,1e999]"})
    void waveCountsMustBeWholeDevicesOfAtLeastOne(String waves) {
        assertEquals(
                List.of("rollout.waves"),
                fields("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\",\"b\"]}," + "\"rollout\":{\"waves\":"
                        + waves + ",\"wavesAreCounts\":true}}"),
                waves);
    }

    @Test
    void percentagesAboveAHundredOrInfiniteAreRefused() {
        assertEquals(
                List.of("rollout.waves"),
                fields("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"]},\"rollout\":{\"waves\":[1e999]}}"));
    }

    @Test
    void startAndDeadlineLieWithinAYear() {
        assertEquals(
                List.of("startAt"),
                fields("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"]},"
                        + "\"startAt\":\"+1000000000-01-01T00:00:00Z\"}"));
        assertEquals(
                List.of("deadline"),
                fields(
                        "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"]},\"deadline\":\"2028-06-01T00:00:00Z\"}"));
        assertInstanceOf(
                Parsed.Valid.class,
                parse(
                        "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"]},\"startAt\":\"2027-05-01T00:00:00Z\"}"));
    }
}
