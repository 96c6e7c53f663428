package dev.fleetops.device.support;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.tls.SelfSignedTls;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's package server on a freshly generated self-signed certificate, and HTTP clients of the
 * device's own kind ({@link Downloader#httpClient}) that trust it through {@link TlsContexts}, as the app
 * does for {@code --ca-file}.
 */
public final class TestHttps implements AutoCloseable {
    private final PackageServer server;
    private final Path caPem;

    private TestHttps(PackageServer server, Path caPem) {
        this.server = server;
        this.caPem = caPem;
    }

    /** Starts the server; the certificate goes to {@code dir/test-ca.pem}. */
    public static TestHttps start(Path dir) throws IOException {
        SelfSignedTls tls = SelfSignedTls.create(dir);
        return new TestHttps(PackageServer.start(tls.serverContext()), tls.caPem());
    }

    /**
     * Starts a server in {@code dir/server} that serves {@code firmware} at {@code /fw.bin}: the firmware tests'
     * package host.
     */
    public static TestHttps servingFirmware(Path dir, byte[] firmware) throws IOException {
        TestHttps https = start(Files.createDirectories(dir.resolve("server")));
        https.server().publish("/fw.bin", firmware);
        return https;
    }

    /** The device's state directory next to the server's: {@code dir/device}, created. */
    public static Path deviceDir(Path dir) throws IOException {
        return Files.createDirectories(dir.resolve("device"));
    }

    /** A device agent with its state in {@link #deviceDir} whose downloads trust this server; not started. */
    public AgentHarness agent(Path dir) throws IOException {
        return new AgentHarness(deviceDir(dir)).http(client());
    }

    public PackageServer server() {
        return server;
    }

    /** A new client that trusts the JDK CAs plus this server's certificate. */
    public HttpClient client() {
        return Downloader.httpClient(TlsContexts.trustingDefaultsPlus(caPem));
    }

    /** The certificate as PEM, for a device started with {@code --ca-file}. */
    public Path caPem() {
        return caPem;
    }

    @Override
    public void close() {
        server.close();
    }
}
