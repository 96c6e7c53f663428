package dev.fleetops.localhub.hub;

import dev.fleetops.localhub.auth.SasToken;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks the SAS token a device presents when it connects (the MQTT password), as IoT Hub does: unexpired, for this
 * device's resource URI, signed with either of its keys, and the device enabled.
 */
final class DeviceAuthenticator {
    private final DeviceRegistry registry;
    private final Clock clock;

    DeviceAuthenticator(DeviceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    DeviceAuth authenticate(String deviceId, String password) {
        DeviceEntry e = registry.entryOrNull(deviceId);
        if (e == null) {
            return DeviceAuth.UNKNOWN_DEVICE;
        }
        Optional<SasToken> token = SasToken.parse(password);
        if (token.isEmpty() || token.get().isExpired(clock.instant())) {
            return DeviceAuth.BAD_CREDENTIALS;
        }
        String resource = token.get().decodedResource();
        if (!resource.endsWith("/devices/" + deviceId)) {
            return DeviceAuth.UNKNOWN_DEVICE;
        }
        DeviceIdentity id = e.identity;
        if (!token.get().isSignedWith(id.primaryKey()) && !token.get().isSignedWith(id.secondaryKey())) {
            return DeviceAuth.BAD_CREDENTIALS;
        }
        return id.enabled() ? DeviceAuth.ACCEPTED : DeviceAuth.DISABLED;
    }
}
