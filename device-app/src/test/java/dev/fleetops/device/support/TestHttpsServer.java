package dev.fleetops.device.support;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.transport.TlsContexts;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real HTTPS server on 127.0.0.1 with a freshly generated self-signed certificate, serving canned
 * firmware packages. {@link #client()} trusts it through {@link TlsContexts}, as the app does for --ca-file.
 */
public final class TestHttpsServer implements AutoCloseable {
    /** A canned response; {@code chunked} omits Content-Length so the size is only known while streaming. */
    public record Response(int status, byte[] body, boolean chunked) {
    }

    private final HttpsServer server;
    private final Path caPem;
    private final Map<String, Response> routes = new ConcurrentHashMap<>();

    public TestHttpsServer(Path workDir) throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("EC").generateKeyPair();
        X500Name name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", kp.getPrivate(), "pw".toCharArray(), new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext serverCtx = SSLContext.getInstance("TLS");
        serverCtx.init(kmf.getKeyManagers(), null, null);

        caPem = workDir.resolve("test-ca.pem");
        StringWriter pem = new StringWriter();
        pem.write("-----BEGIN CERTIFICATE-----\n");
        pem.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded()));
        pem.write("\n-----END CERTIFICATE-----\n");
        Files.writeString(caPem, pem.toString());

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCtx));
        server.createContext("/", exchange -> {
            Response r = routes.getOrDefault(exchange.getRequestURI().getPath(),
                    new Response(404, "not found".getBytes(StandardCharsets.UTF_8), false));
            exchange.sendResponseHeaders(r.status(), r.chunked() ? 0 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            } catch (java.io.IOException ignored) {
                // the client may hang up early, e.g. when a package exceeds its size limit
            }
        });
        server.start();
    }

    public TestHttpsServer serve(String path, Response r) {
        routes.put(path, r);
        return this;
    }

    public TestHttpsServer serve(String path, byte[] body) {
        return serve(path, new Response(200, body, false));
    }

    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public Path caPem() {
        return caPem;
    }

    /** An HTTP client that trusts the JDK CAs plus this server's certificate. */
    public HttpClient client() {
        return Downloader.httpClient(TlsContexts.trustingDefaultsPlus(caPem));
    }

    public static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
