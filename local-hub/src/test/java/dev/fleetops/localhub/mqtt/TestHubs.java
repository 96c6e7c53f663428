package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.auth.SasToken;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.RegistryStore;
import dev.fleetops.localhub.testsupport.TestHub;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/** A real hub with one enabled device, and SAS tokens the way the SDKs build them. */
final class TestHubs {
    static final String HOST = TestHub.HOST;
    static final String DEVICE = "dev1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestHubs() {}

    static Hub hubWithDevice(String key) {
        Hub hub = new Hub(HOST, AccessPolicy.defaults(RANDOM), Clock.systemUTC(), RegistryStore.NONE, 1000);
        hub.addDevice(DEVICE, key, null, true);
        return hub;
    }

    static String newKey() {
        return AccessPolicy.newKey(RANDOM);
    }

    static long inOneHour() {
        return Instant.now().getEpochSecond() + 3600;
    }

    /** The service SDK's form: {@code sr} URL-encoded. */
    static String token(String deviceId, String key, long expiry) {
        return SasToken.create(HOST + "/devices/" + deviceId, key, expiry, null);
    }

    /** The Java device SDK's form: fields {@code sig, se, sr} and {@code sr} NOT encoded. */
    static String sdkToken(String deviceId, String key, long expiry) {
        return TestHub.deviceSdkToken(deviceId, key, expiry);
    }

    static String username(String deviceId) {
        return HOST + "/" + deviceId
                + "/?api-version=2020-09-30&DeviceClientType=com.microsoft.azure.sdk.iot.iot-device-client%2F2.5.0";
    }
}
