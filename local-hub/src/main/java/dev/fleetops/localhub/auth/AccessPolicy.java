package dev.fleetops.localhub.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A shared access policy: a name, a key and the rights tokens signed with it carry. The hub has the
 * three policies a new IoT hub starts with (plus {@code device} for device-side tools).
 */
public record AccessPolicy(String name, String primaryKey, Set<AccessRight> rights) {
    public AccessPolicy {
        rights = Set.copyOf(rights);
    }

    public static List<AccessPolicy> defaults(SecureRandom random) {
        return List.of(
                new AccessPolicy("iothubowner", newKey(random), EnumSet.allOf(AccessRight.class)),
                new AccessPolicy("service", newKey(random), EnumSet.of(AccessRight.SERVICE_CONNECT)),
                new AccessPolicy("registryRead", newKey(random), EnumSet.of(AccessRight.REGISTRY_READ)),
                new AccessPolicy(
                        "registryReadWrite",
                        newKey(random),
                        EnumSet.of(AccessRight.REGISTRY_READ, AccessRight.REGISTRY_WRITE)),
                new AccessPolicy("device", newKey(random), EnumSet.of(AccessRight.DEVICE_CONNECT)));
    }

    /** A 32-byte random key, base64, like the keys IoT Hub generates. */
    public static String newKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
