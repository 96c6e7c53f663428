package dev.fleetops.runner.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Serves the firmware packages of the local stack over HTTPS, as a CDN would: {@code GET /<file>} for
 * the plain files in one directory (no sub-directories, so no path escapes it), with {@code Range:
 * bytes=N-} for the device agent's resumed downloads. Devices already trust the local hub's CA, so the
 * server uses the hub's certificate (a PKCS12 key store made from it).
 */
public final class PackageServer implements AutoCloseable {
    private static final Pattern FILE_NAME = Pattern.compile("/([A-Za-z0-9._-]{1,128})");
    private static final Pattern OPEN_RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Path dir;

    private PackageServer(Path dir, SSLContext tls, int port) throws IOException {
        this.dir = dir;
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public static PackageServer start(Path dir, Path keyStore, char[] password, int port) throws IOException {
        return new PackageServer(dir, serverTls(keyStore, password), port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher name = FILE_NAME.matcher(exchange.getRequestURI().getPath());
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            if (!head && !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Path file = name.matches() ? dir.resolve(name.group(1)) : null;
            if (file == null || name.group(1).startsWith(".") || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            long from = rangeStart(exchange.getRequestHeaders().getFirst("Range"), size);
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            if (from > 0) {
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
            }
            long length = size - from;
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, head ? -1 : (length == 0 ? -1 : length));
            if (head || length == 0) {
                return;
            }
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.skipNBytes(from);
                in.transferTo(out);
            }
        }
    }

    /** Where a {@code bytes=N-} range starts; 0 (the whole file) for no range or one this server does not serve. */
    static long rangeStart(String header, long size) {
        if (header == null) {
            return 0;
        }
        Matcher m = OPEN_RANGE.matcher(header.trim());
        if (!m.matches()) {
            return 0;
        }
        try {
            long from = Long.parseLong(m.group(1));
            return from < size ? from : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static SSLContext serverTls(Path keyStore, char[] password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
