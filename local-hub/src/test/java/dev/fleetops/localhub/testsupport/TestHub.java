package dev.fleetops.localhub.testsupport;

import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.auth.SasToken;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.RegistryStore;
import dev.fleetops.localhub.tls.TlsMaterial;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;

/** The in-memory hub, trusted TLS and SAS tokens the local hub's tests set up the way the SDKs and users do. */
public final class TestHub {
    public static final String HOST = "127.0.0.1";

    private TestHub() {}

    /** A hub on {@link #HOST} with fresh default policies, the system clock and no registry file. */
    public static Hub inMemory(int telemetryCapacity) {
        return new Hub(
                HOST,
                AccessPolicy.defaults(new SecureRandom()),
                Clock.systemUTC(),
                RegistryStore.NONE,
                telemetryCapacity);
    }

    /**
     * The hub's TLS material in {@code stateDir}, trusted as the JVM default: the service SDK uses the JVM's default
     * SSL settings, which is what users do with {@code -Djavax.net.ssl.trustStore}.
     */
    public static TlsMaterial trustedByTheJvm(Path stateDir) {
        TlsMaterial tls = TlsMaterial.loadOrCreate(stateDir, List.of());
        HttpsURLConnection.setDefaultSSLSocketFactory(tls.clientContext().getSocketFactory());
        return tls;
    }

    /** A service token for the shared access policy named {@code name}, valid for {@code validity}. */
    public static String serviceToken(List<AccessPolicy> policies, String name, Duration validity) {
        return serviceToken(
                policies.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(), validity);
    }

    /** A service token for {@code policy}, valid for {@code validity}. */
    public static String serviceToken(AccessPolicy policy, Duration validity) {
        return SasToken.create(
                HOST, policy.primaryKey(), Instant.now().plus(validity).getEpochSecond(), policy.name());
    }

    /** The Java device SDK's token form: fields {@code sig, se, sr} and {@code sr} NOT encoded. */
    public static String deviceSdkToken(String deviceId, String key, long expiry) {
        String sr = HOST + "/devices/" + deviceId;
        String sig = Base64.getEncoder().encodeToString(SasToken.sign(key, sr, expiry));
        return "SharedAccessSignature sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&se=" + expiry + "&sr="
                + sr;
    }

    /** {@link #deviceSdkToken(String, String, long)} valid for one hour from now. */
    public static String deviceSdkToken(String deviceId, String key) {
        return deviceSdkToken(deviceId, key, Instant.now().getEpochSecond() + 3600);
    }
}
