package dev.fleetops.functions.iothub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubExceptionManager;
import com.microsoft.azure.sdk.iot.service.transport.http.HttpResponse;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.HubFailure.Kind;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Feeds hub error bodies through the SDK's own exception mapping, then through ours. */
class IotHubErrorsTest {

    private static IotHubException sdkException(int status, String body) {
        HttpResponse response = new HttpResponse(status, new byte[0], Map.of(), body.getBytes(StandardCharsets.UTF_8));
        return assertThrows(IotHubException.class, () -> IotHubExceptionManager.httpResponseVerification(response));
    }

    private static String body(int code, String message) {
        return "{\"errorCode\":" + code + ",\"trackingId\":\"t\",\"message\":\"" + message
                + "\",\"timestampUtc\":\"2026-01-01T00:00:00Z\"}";
    }

    @ParameterizedTest
    @CsvSource({
        "404, 404001, DEVICE_NOT_FOUND",
        "404, 404103, DEVICE_OFFLINE",
        "504, 504101, DEVICE_TIMEOUT",
        "429, 429001, THROTTLED",
        "401, 401002, UNAUTHORIZED",
        "503, 503001, UNAVAILABLE",
        "500, 500001, UNAVAILABLE",
        "409, 409001, OTHER",
        "400, 400004, OTHER",
    })
    void hubErrorBodiesBecomeTheRightFailure(int status, int code, Kind kind) {
        HubFailure f = IotHubErrors.translate(sdkException(status, body(code, "hub says no")));
        assertEquals(kind, f.kind());
        assertEquals(code, f.errorCode());
        assertEquals("hub says no", f.message());
    }

    @Test
    void anEmpty404MeansTheDeviceIsUnknown() {
        assertEquals(
                Kind.DEVICE_NOT_FOUND,
                IotHubErrors.translate(sdkException(404, "")).kind());
    }

    @Test
    void networkFailuresMeanTheHubIsUnavailable() {
        assertEquals(
                Kind.UNAVAILABLE,
                IotHubErrors.translate(new SocketTimeoutException("Read timed out"))
                        .kind());
    }

    @Test
    void oldStyleBodiesKeepTheirMessage() {
        String old = "{\"Message\":\"ErrorCode:DeviceNotFound;device is gone\",\"ExceptionMessage\":\"Tracking ID:x\"}";
        HubFailure f = IotHubErrors.translate(sdkException(404, old));
        assertEquals(Kind.DEVICE_NOT_FOUND, f.kind());
    }

    @Test
    void longMessagesAreShortened() {
        assertEquals(301, IotHubErrors.hubMessage("y".repeat(1000)).length());
    }
}
