package dev.fleetops.localhub.hub;

/**
 * How a device proves its identity: IoT Hub's {@code authentication.type}. A device has exactly one; SAS tokens are
 * refused for X.509 devices and certificates for SAS devices, as on IoT Hub.
 */
public sealed interface DeviceCredential {
    /** The registry's name for the type ({@code authentication.type}, twin {@code authenticationType}). */
    String type();

    /** {@code sas}: either key signs the device's SAS tokens. Null keys are generated on registration. */
    record SymmetricKeys(String primaryKey, String secondaryKey) implements DeviceCredential {
        @Override
        public String type() {
            return "sas";
        }
    }

    /**
     * {@code selfSigned}: the device's certificate has one of these thumbprints (upper-case hex SHA-1 or SHA-256;
     * either may be null, not both).
     */
    record SelfSigned(String primaryThumbprint, String secondaryThumbprint) implements DeviceCredential {
        public SelfSigned {
            if (primaryThumbprint == null && secondaryThumbprint == null) {
                throw new IllegalArgumentException("a selfSigned device needs a thumbprint");
            }
        }

        @Override
        public String type() {
            return "selfSigned";
        }
    }

    /** {@code certificateAuthority}: a certificate for CN=deviceId issued under a verified CA. */
    record CertificateAuthority() implements DeviceCredential {
        @Override
        public String type() {
            return "certificateAuthority";
        }
    }
}
