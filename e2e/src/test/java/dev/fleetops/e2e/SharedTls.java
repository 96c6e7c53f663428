package dev.fleetops.e2e;

import dev.fleetops.localhub.tls.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One local CA and server certificate for every test in this JVM that talks HTTPS to Azurite through the Azure SDK.
 * The SDK's HTTP client (reactor-netty) builds its default TLS context once per JVM from the JVM's trust store, so
 * the trust store can be set only once: every hub whose CA must be trusted by the SDK reuses these certificates (a
 * hub loads the certificates it finds in its state directory, {@link TlsMaterial#loadOrCreate}).
 */
final class SharedTls {
    private static TlsMaterial tls;
    private static Path dir;

    private SharedTls() {}

    /** The shared certificates, created on first use, and trusted by the JVM's default trust store from then on. */
    static synchronized Path dir() {
        if (tls == null) {
            try {
                // Under target/ when the tests run from the module (Maven), so a clean removes it.
                Path target = Path.of("target").toAbsolutePath();
                dir = Files.isDirectory(target)
                        ? Files.createTempDirectory(target, "shared-tls")
                        : Files.createTempDirectory("fleetops-e2e-tls");
                tls = TlsMaterial.loadOrCreate(dir, List.of());
                TrustStoreProperties.trustOnly(tls.caFile(), dir.resolve("trust.p12"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the shared test certificates", e);
            }
        }
        return dir;
    }

    static TlsMaterial material() {
        dir();
        return tls;
    }

    /** Puts the shared certificates where a hub about to start in {@code hubState} will load them. */
    static void seed(Path hubState) {
        try {
            Files.createDirectories(hubState);
            try (var files = Files.list(dir())) {
                for (Path f : files.filter(p -> p.toString().endsWith(".pem")).toList()) {
                    Files.copy(f, hubState.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
