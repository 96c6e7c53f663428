package dev.fleetops.e2e;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** Serves firmware packages over local HTTPS, optionally slowly, as a CDN would. */
final class PackageServer implements AutoCloseable {
    private record Package(byte[] bytes, long millisPerKiB) {
    }

    private final HttpsServer server;
    private final Map<String, Package> packages = new ConcurrentHashMap<>();

    PackageServer(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            Package p = packages.get(exchange.getRequestURI().getPath());
            if (p == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, p.bytes().length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int off = 0; off < p.bytes().length; off += 1024) {
                    out.write(p.bytes(), off, Math.min(1024, p.bytes().length - off));
                    out.flush();
                    if (p.millisPerKiB() > 0) {
                        Thread.sleep(p.millisPerKiB());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** Publishes {@code bytes} at {@code path} and returns its https URL. */
    String publish(String path, byte[] bytes, long millisPerKiB) {
        packages.put(path, new Package(bytes, millisPerKiB));
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Deterministic pseudo-random package contents of {@code n} bytes. */
    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(n).nextBytes(b);
        return b;
    }
}
