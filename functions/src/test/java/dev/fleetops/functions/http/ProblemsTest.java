package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleetops.contract.Action;
import dev.fleetops.core.device.ActionOutcome;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.HubFailure.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemsTest {

    @ParameterizedTest
    @CsvSource({
        "DEVICE_NOT_FOUND, 404, device-not-found",
        "DEVICE_OFFLINE, 409, device-offline",
        "DEVICE_TIMEOUT, 504, device-timeout",
        "THROTTLED, 503, hub-throttled",
        "UNAVAILABLE, 503, hub-unavailable",
        "UNAUTHORIZED, 502, hub-unauthorized",
        "OTHER, 502, hub-error",
    })
    void everyHubFailureHasOneStatusAndCode(Kind kind, int status, String code) {
        Problem p = Problems.hub(new HubFailure(kind, 0, 0, "m", null));
        assertEquals(status, p.status());
        assertEquals(code, p.code());
    }

    @Test
    void throttlingWithoutAHintRetriesAfterTheDefault() {
        Problem p = Problems.hub(HubFailure.of(Kind.THROTTLED, "m"));
        assertEquals(
                String.valueOf(Problems.DEFAULT_RETRY_AFTER.toSeconds()),
                p.headers().get("Retry-After"));
    }

    @ParameterizedTest
    @CsvSource({
        "409, 409, device-busy",
        "404, 422, method-not-supported",
        "400, 422, device-rejected-request",
        "403, 422, device-rejected"
    })
    void deviceRejectionsMapToWhatAPortalCanActOn(int deviceStatus, int status, String code) {
        Problem p = Problems.action(new ActionOutcome.DeviceRejected("d", deviceStatus, "why", null));
        assertEquals(status, p.status());
        assertEquals(code, p.code());
        assertEquals("why", p.detail());
        assertNull(p.extensions().get("runningOperationId"));
    }

    @Test
    void successIsNotAProblem() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Problems.action(
                        new ActionOutcome.Accepted("d", Action.REBOOT, "op", "", java.time.Instant.EPOCH)));
    }
}
