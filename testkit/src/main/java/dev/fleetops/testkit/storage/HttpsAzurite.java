package dev.fleetops.testkit.storage;

import dev.fleetops.testkit.Waits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A blob-only Azurite serving HTTPS with the local hub's server certificate (signed by the hub's CA, which devices
 * and the tests trust), as the local stack serves the firmware catalog: devices download over HTTPS only. Started from
 * the repository's {@code tools/azurite} (what {@code scripts/azurite.sh} installs), on a free port, with
 * Azurite's own {@code --cert}/{@code --key} options (Azurite README, "HTTPS setup"). Shared by the e2e tests and the
 * local hub's file-upload tests.
 */
public final class HttpsAzurite implements AutoCloseable {
    /** Azurite's well-known development account (public, documented in Azurite's README; not a secret). */
    public static final String ACCOUNT = "devstoreaccount1";

    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    public final int port;

    private HttpsAzurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param hubState the hub's state directory, where it keeps {@code server.pem} and {@code server-key.pem} */
    public static HttpsAzurite start(Path hubState, Path dir) throws IOException {
        return start(hubState, dir, false);
    }

    /**
     * @param oauth also accept bearer tokens ({@code --oauth basic}: issuer, audience and lifetime are checked, the
     *              signature is not), which {@code Get User Delegation Key} requires
     */
    public static HttpsAzurite start(Path hubState, Path dir, boolean oauth) throws IOException {
        Path azurite = repoRoot().resolve("tools/azurite/node_modules/.bin/azurite-blob");
        if (!Files.isExecutable(azurite)) {
            throw new IllegalStateException(azurite + " is missing: run scripts/azurite.sh start once to install it");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        List<String> command = new java.util.ArrayList<>(List.of(
                azurite.toString(),
                "--silent",
                "--loose",
                "--skipApiVersionCheck",
                "--location",
                dir.toString(),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                Integer.toString(port),
                "--cert",
                hubState.resolve("server.pem").toString(),
                "--key",
                hubState.resolve("server-key.pem").toString()));
        if (oauth) {
            command.addAll(List.of("--oauth", "basic"));
        }
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("azurite.log").toFile())
                .start();
        HttpsAzurite a = new HttpsAzurite(p, port);
        try {
            Waits.upTo(Duration.ofSeconds(30), "HTTPS Azurite listening on " + port)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException(
                                    "Azurite exited: " + Files.readString(dir.resolve("azurite.log")));
                        }
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                            return true;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        return a;
    }

    public String blobEndpoint() {
        return "https://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=https;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=https://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("tools/azurite"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root (with tools/azurite) not found above "
                + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
