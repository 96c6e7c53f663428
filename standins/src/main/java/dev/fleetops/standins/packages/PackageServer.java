package dev.fleetops.standins.packages;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Serves firmware packages over HTTPS on 127.0.0.1, as a CDN or Blob Storage would: {@code GET} (and
 * {@code HEAD}) with {@code Range: bytes=N-} for the device agent's resumed downloads. Packages are
 * published in memory at any path, or, for the local stack, read from one directory ({@code /<file>},
 * no sub-directories, so no path escapes it).
 *
 * <p>The one package server of the project: the local stack runs it ({@code StackTool package-server}),
 * the device app's and the end-to-end tests publish packages on it and make single paths misbehave as a
 * real CDN node sometimes does: drop the connection, stall, trickle, ignore ranges, answer an error.
 */
public final class PackageServer implements AutoCloseable {
    private static final Pattern FILE_NAME = Pattern.compile("/([A-Za-z0-9._-]{1,128})");
    private static final Pattern OPEN_RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final int KIB = 1024;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Path dir;
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    private final List<String> rangeHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** A package published in memory, and how its path misbehaves (all off by default). */
    private static final class Published {
        final byte[] body;
        volatile int status = 200;
        volatile boolean chunked;
        volatile boolean honourRange = true;
        final AtomicInteger drops = new AtomicInteger();
        volatile int dropAfter;
        volatile long millisPerKiB;
        volatile long stallMillis;

        Published(byte[] body) {
            this.body = body;
        }
    }

    private PackageServer(Path dir, SSLContext tls, int port) throws IOException {
        this.dir = dir;
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        // Several threads: a stalled or trickling response must not hold up the next request.
        executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "package-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** A server of packages published with {@link #publish}, on any free port. */
    public static PackageServer start(SSLContext tls) throws IOException {
        return new PackageServer(null, tls, 0);
    }

    /** The local stack's server: the files of {@code dir}, with the certificate in a PKCS12 key store. */
    public static PackageServer start(Path dir, Path keyStore, char[] password, int port) throws IOException {
        return new PackageServer(dir, serverTls(keyStore, password), port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The https URL of {@code path} on this server. */
    public String url(String path) {
        return "https://127.0.0.1:" + port() + path;
    }

    /** Serves {@code body} at {@code path} (replacing what was there) and returns its URL. */
    public String publish(String path, byte[] body) {
        published.put(path, new Published(body.clone()));
        return url(path);
    }

    /** Answers {@code status} with {@code body} at {@code path}; {@code chunked} leaves out Content-Length. */
    public PackageServer respond(String path, int status, byte[] body, boolean chunked) {
        Published p = new Published(body.clone());
        p.status = status;
        p.chunked = chunked;
        published.put(path, p);
        return this;
    }

    /** The first {@code times} responses of {@code path} break off after {@code afterBytes} bytes, as a dropped connection does. */
    public PackageServer dropFirst(String path, int times, int afterBytes) {
        Published p = at(path);
        p.dropAfter = afterBytes;
        p.drops.set(times);
        return this;
    }

    /**
     * The next response of {@code path} sends {@code afterBytes} bytes, then nothing for {@code millis}
     * while keeping the connection open (a wedged CDN node), then breaks off.
     */
    public PackageServer stall(String path, int afterBytes, long millis) {
        Published p = at(path);
        p.dropAfter = afterBytes;
        p.stallMillis = millis;
        return this;
    }

    /** Sends {@code path} 1 KiB at a time with a pause of {@code millisPerKiB} after each (0: at full speed). */
    public PackageServer slow(String path, long millisPerKiB) {
        at(path).millisPerKiB = millisPerKiB;
        return this;
    }

    /** Answers range requests for {@code path} with the whole package (200), as some servers do. */
    public PackageServer ignoreRange(String path) {
        at(path).honourRange = false;
        return this;
    }

    /** The Range headers of all requests so far, in order. */
    public List<String> rangeHeaders() {
        return List.copyOf(rangeHeaders);
    }

    /** How many requests arrived so far. */
    public int requests() {
        return requests.get();
    }

    private Published at(String path) {
        Published p = published.get(path);
        if (p == null) {
            throw new IllegalArgumentException("nothing is published at " + path);
        }
        return p;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                rangeHeaders.add(range);
            }
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            if (!head && !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Published p = published.get(path);
            if (p != null) {
                servePublished(exchange, p, range, head);
                return;
            }
            Path file = fileOf(path);
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            serveFile(exchange, file, range, head);
        }
    }

    /** The directory's file for {@code path}; null when there is no directory or no such plain file. */
    private Path fileOf(String path) {
        Matcher name = FILE_NAME.matcher(path);
        if (dir == null || !name.matches() || name.group(1).startsWith(".")) {
            return null;
        }
        Path file = dir.resolve(name.group(1));
        return Files.isRegularFile(file) ? file : null;
    }

    private static void serveFile(HttpExchange exchange, Path file, String range, boolean head) throws IOException {
        long size = Files.size(file);
        long from = rangeStart(range, size);
        long length = sendHeaders(exchange, 200, size, from, false, head);
        if (head || length == 0) {
            return;
        }
        try (InputStream in = Files.newInputStream(file);
                OutputStream out = exchange.getResponseBody()) {
            in.skipNBytes(from);
            in.transferTo(out);
        }
    }

    private static void servePublished(HttpExchange exchange, Published p, String range, boolean head)
            throws IOException {
        byte[] body = p.body;
        int from = p.status == 200 && p.honourRange ? (int) rangeStart(range, body.length) : 0;
        long length = sendHeaders(exchange, p.status, body.length, from, p.chunked, head);
        if (head || length == 0) {
            return;
        }
        OutputStream out = exchange.getResponseBody();
        long stall = p.stallMillis;
        if (stall > 0) {
            p.stallMillis = 0;
            out.write(body, from, (int) Math.min(p.dropAfter, length));
            out.flush();
            pause(stall); // the misbehaviour itself: a connection that stays open and silent
            return; // closing before the announced length arrived: the client sees a broken body
        }
        if (p.drops.getAndDecrement() > 0) {
            out.write(body, from, (int) Math.min(p.dropAfter, length));
            out.flush();
            return;
        }
        long millisPerKiB = p.millisPerKiB;
        if (millisPerKiB <= 0) {
            out.write(body, from, (int) length);
        }
        for (int off = from; millisPerKiB > 0 && off < body.length; off += KIB) {
            out.write(body, off, Math.min(KIB, body.length - off));
            out.flush();
            pause(millisPerKiB); // the misbehaviour itself: a slow link
        }
        out.close();
    }

    /** Sends status and headers; returns how many body bytes follow. */
    private static long sendHeaders(
            HttpExchange exchange, int status, long size, long from, boolean chunked, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (from > 0) {
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
        }
        long length = size - from;
        long announced = head || length == 0 ? -1 : chunked ? 0 : length;
        exchange.sendResponseHeaders(from > 0 ? 206 : status, announced);
        return length;
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stopped");
        }
    }

    /** Where a {@code bytes=N-} range starts; 0 (the whole package) for no range or one this server does not serve. */
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
