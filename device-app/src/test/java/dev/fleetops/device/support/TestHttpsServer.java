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
    private final Map<String, Resumable> resumable = new ConcurrentHashMap<>();
    private final java.util.List<String> rangeHeaders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A package served with HTTP Range support; the first {@code drops} responses stop after
     * {@code dropAfter} bytes although they announced more, as a dropped connection does.
     */
    private static final class Resumable {
        final byte[] body;
        final int dropAfter;
        final java.util.concurrent.atomic.AtomicInteger drops;
        final boolean honourRange;
        volatile long millisPerKiB;
        /** The first response stops sending after {@code dropAfter} bytes and holds the connection open this long. */
        volatile long stallMillis;

        Resumable(byte[] body, int dropAfter, int drops, boolean honourRange) {
            this.body = body;
            this.dropAfter = dropAfter;
            this.drops = new java.util.concurrent.atomic.AtomicInteger(drops);
            this.honourRange = honourRange;
        }
    }

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
        // A stalled response must not hold up the next request (the default executor is one thread).
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-https");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                rangeHeaders.add(range);
            }
            Resumable res = resumable.get(exchange.getRequestURI().getPath());
            if (res != null) {
                serveResumable(exchange, res, range);
                return;
            }
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

    /** Serves {@code body} with Range support; the first {@code drops} responses break off after {@code dropAfter} bytes. */
    public TestHttpsServer serveResumable(String path, byte[] body, int dropAfter, int drops, boolean honourRange) {
        resumable.put(path, new Resumable(body, dropAfter, drops, honourRange));
        return this;
    }

    /** Makes a resumable route send 1 KiB at a time with a pause after each. */
    public TestHttpsServer slow(String path, long millisPerKiB) {
        resumable.get(path).millisPerKiB = millisPerKiB;
        return this;
    }

    /**
     * Makes the first response of a resumable route send {@code dropAfter} bytes, then nothing for
     * {@code millis} while keeping the connection open, as a wedged CDN node does.
     */
    public TestHttpsServer stall(String path, long millis) {
        resumable.get(path).stallMillis = millis;
        return this;
    }

    /** The Range headers of all requests so far, in order. */
    public java.util.List<String> rangeHeaders() {
        return java.util.List.copyOf(rangeHeaders);
    }

    public int requests() {
        return requests.get();
    }

    private static void serveResumable(com.sun.net.httpserver.HttpExchange exchange, Resumable res, String range)
            throws java.io.IOException {
        int from = 0;
        if (range != null && res.honourRange && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
        }
        if (from >= res.body.length && from > 0) {
            exchange.sendResponseHeaders(416, -1);
            exchange.close();
            return;
        }
        int length = res.body.length - from;
        if (from > 0) {
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (res.body.length - 1) + "/" + res.body.length);
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, length);
        OutputStream out = exchange.getResponseBody();
        try {
            if (res.stallMillis > 0) {
                long stall = res.stallMillis;
                res.stallMillis = 0;
                out.write(res.body, from, Math.min(res.dropAfter, length));
                out.flush();
                try {
                    Thread.sleep(stall);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new java.io.IOException("simulated stall");
            }
            if (res.drops.getAndDecrement() > 0) {
                out.write(res.body, from, Math.min(res.dropAfter, length));
                out.flush();
                throw new java.io.IOException("simulated drop");
            }
            if (res.millisPerKiB > 0) {
                for (int off = from; off < res.body.length; off += 1024) {
                    out.write(res.body, off, Math.min(1024, res.body.length - off));
                    out.flush();
                    try {
                        Thread.sleep(res.millisPerKiB);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.IOException("stopped");
                    }
                }
            } else {
                out.write(res.body, from, length);
            }
            out.close();
        } catch (java.io.IOException e) {
            exchange.close(); // closing before the announced length arrived: the client sees a broken body
        }
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
