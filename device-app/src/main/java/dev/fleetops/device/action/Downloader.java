package dev.fleetops.device.action;

import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateReport;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * Downloads a firmware package over https into {@code <target>.part}, hashing while streaming and
 * aborting as soon as it grows past the announced size (or {@link #HARD_CAP_BYTES} when none was
 * announced). A partial file is resumed with an HTTP {@code Range} request, both after a dropped
 * connection (up to {@code attempts} tries per call) and after a restart (the {@code .part} file
 * survives); a server that ignores the range restarts from zero. Before fetching, the free space of the
 * target's file store must cover the announced size. Only a fully verified file is renamed to the
 * target; every failure deletes what was written, an interruption keeps it.
 */
public final class Downloader {
    public static final long HARD_CAP_BYTES = 512L * 1024 * 1024;
    public static final String INSECURE_URI = DeviceErrorCodes.INSECURE_URI;
    public static final String HTTP_STATUS = DeviceErrorCodes.HTTP_STATUS;
    public static final String SIZE_EXCEEDED = DeviceErrorCodes.SIZE_EXCEEDED;
    public static final String SIZE_MISMATCH = DeviceErrorCodes.SIZE_MISMATCH;
    public static final String SHA256_MISMATCH = DeviceErrorCodes.SHA256_MISMATCH;
    public static final String DOWNLOAD_ERROR = DeviceErrorCodes.DOWNLOAD_ERROR;
    public static final String INSUFFICIENT_SPACE = DeviceErrorCodes.INSUFFICIENT_SPACE;
    private static final int CHUNK = 64 * 1024;
    /** No byte for this long and the try is abandoned (then resumed); see {@link StallWatch}. */
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final ToLongFunction<Path> usableSpace;
    private final int attempts;
    private final Duration retryDelay;
    private final Duration chunkPause;
    private final Duration stallTimeout;

    /** @param http the client to use; its SSLContext decides which servers are trusted */
    public Downloader(HttpClient http) {
        this(http, Downloader::usableSpace, 3, Duration.ofSeconds(2));
    }

    /**
     * @param usableSpace free bytes of the file store holding a directory
     * @param attempts    tries per call; each try after a drop resumes where the last one stopped
     */
    public Downloader(HttpClient http, ToLongFunction<Path> usableSpace, int attempts, Duration retryDelay) {
        this(http, usableSpace, attempts, retryDelay, Duration.ZERO);
    }

    /** @param chunkPause a pause after every 64 KiB chunk, to simulate a slow link (fleet simulator) */
    public Downloader(
            HttpClient http, ToLongFunction<Path> usableSpace, int attempts, Duration retryDelay, Duration chunkPause) {
        this(http, usableSpace, attempts, retryDelay, chunkPause, STALL_TIMEOUT);
    }

    private Downloader(
            HttpClient http,
            ToLongFunction<Path> usableSpace,
            int attempts,
            Duration retryDelay,
            Duration chunkPause,
            Duration stallTimeout) {
        this.http = http;
        this.usableSpace = usableSpace;
        this.attempts = Math.max(1, attempts);
        this.retryDelay = retryDelay;
        this.chunkPause = chunkPause;
        this.stallTimeout = stallTimeout;
    }

    /** The same downloader with a pause after every chunk. */
    public Downloader slowed(Duration pause) {
        return new Downloader(http, usableSpace, attempts, retryDelay, pause, stallTimeout);
    }

    /** The same downloader abandoning a try after {@code timeout} without a byte (default {@link #STALL_TIMEOUT}). */
    public Downloader withStallTimeout(Duration timeout) {
        return new Downloader(http, usableSpace, attempts, retryDelay, chunkPause, timeout);
    }

    /** A client trusting {@code sslContext}, following only same-or-safer redirects. */
    public static HttpClient httpClient(javax.net.ssl.SSLContext sslContext) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b.build();
    }

    public static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read free space of " + dir, e);
        }
    }

    /** The partial file a download into {@code target} grows in. */
    public static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    public DownloadOutcome download(String uri, String sha256, Long sizeBytes, Path target) {
        return download(uri, sha256, sizeBytes, target, DownloadProgress.NONE);
    }

    /**
     * Fetches {@code uri} to {@code target}, resuming {@code target.part} if present.
     *
     * @param sha256    expected lower-case hex digest
     * @param sizeBytes announced size or null
     */
    public DownloadOutcome download(String uri, String sha256, Long sizeBytes, Path target, DownloadProgress progress) {
        String shown = FirmwareUpdateReport.redactUri(uri);
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return failed(null, DOWNLOAD_ERROR, "invalid package URI " + shown);
        }
        if (!"https".equalsIgnoreCase(u.getScheme())) {
            return failed(null, INSECURE_URI, "package URI must use https: " + shown);
        }
        long limit = sizeBytes != null ? sizeBytes : HARD_CAP_BYTES;
        Path part = partOf(target);
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(part) && Files.size(part) > limit) {
                Files.delete(part);
            }
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (sizeBytes != null) {
                long free = usableSpace.applyAsLong(target.getParent());
                if (free < sizeBytes - have) {
                    return failed(
                            part,
                            INSUFFICIENT_SPACE,
                            "package needs " + (sizeBytes - have) + " more bytes, " + free + " free");
                }
            }
            IOException last = null;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                if (attempt > 1) {
                    Thread.sleep(retryDelay.toMillis() * (attempt - 1));
                }
                try {
                    DownloadOutcome o = fetch(u, shown, sha256, sizeBytes, limit, part, target, progress);
                    if (o != null) {
                        return o;
                    }
                } catch (IOException e) {
                    if (interrupted(e)) {
                        throw new InterruptedException("interrupted during download");
                    }
                    last = e;
                }
            }
            return failed(
                    part,
                    DOWNLOAD_ERROR,
                    "download from " + shown + " failed: " + last.getClass().getSimpleName()
                            + (last.getMessage() == null ? "" : ": " + last.getMessage()));
        } catch (IOException e) {
            return failed(
                    part,
                    DOWNLOAD_ERROR,
                    "download from " + shown + " failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DownloadOutcome.Paused(sizeQuietly(part));
        }
    }

    /** One try; null when the server refused the range and the caller should simply try again. */
    private DownloadOutcome fetch(
            URI u,
            String shown,
            String sha256,
            Long sizeBytes,
            long limit,
            Path part,
            Path target,
            DownloadProgress progress)
            throws IOException, InterruptedException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder rb =
                HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(60)).GET();
        if (have > 0) {
            rb.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body();
                StallWatch watch = StallWatch.start(resp.body(), stallTimeout)) {
            int status = resp.statusCode();
            if (status == 416 && have > 0) {
                Files.deleteIfExists(part); // our partial file does not fit the package any more: start over
                return null;
            }
            boolean resumed = status == 206
                    && have > 0
                    && resp.headers()
                            .firstValue("Content-Range")
                            .map(r -> r.startsWith("bytes " + have + "-"))
                            .orElse(false);
            if (status != 200 && !resumed) {
                return failed(part, HTTP_STATUS, "HTTP " + status + " from " + shown);
            }
            long start = resumed ? have : 0;
            OptionalLong announced = resp.headers().firstValueAsLong("Content-Length");
            if (announced.isPresent() && start + announced.getAsLong() > limit) {
                return failed(
                        part,
                        SIZE_EXCEEDED,
                        "package is " + (start + announced.getAsLong()) + " bytes, limit " + limit);
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (resumed) {
                hashFile(part, digest);
            }
            long total;
            try {
                total = copy(in, part, resumed, start, digest, limit, sizeBytes, progress, watch);
            } catch (IOException e) {
                if (watch.fired()) {
                    throw new IOException("no data for " + stallTimeout.toSeconds() + " s", e);
                }
                throw e;
            }
            if (total < 0) {
                return failed(part, SIZE_EXCEEDED, "package exceeded " + limit + " bytes");
            }
            if (sizeBytes != null && total != sizeBytes) {
                return failed(part, SIZE_MISMATCH, "package is " + total + " bytes, expected " + sizeBytes);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                return failed(part, SHA256_MISMATCH, "package SHA-256 is " + actual + ", expected " + sha256);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new DownloadOutcome.Verified(target, total);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** Bytes in the file after copying, or -1 as soon as more than {@code limit} arrive. */
    private long copy(
            InputStream in,
            Path part,
            boolean append,
            long start,
            MessageDigest digest,
            long limit,
            Long sizeBytes,
            DownloadProgress progress,
            StallWatch watch)
            throws IOException, InterruptedException {
        byte[] buf = new byte[CHUNK];
        long total = start;
        try (FileOutputStream out = new FileOutputStream(part.toFile(), append)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                watch.progress();
                if (progress.stopped() || Thread.interrupted()) {
                    out.getFD().sync();
                    throw new InterruptedException("interrupted during download");
                }
                total += n;
                if (total > limit) {
                    return -1;
                }
                digest.update(buf, 0, n);
                out.write(buf, 0, n);
                if (!chunkPause.isZero()) {
                    Thread.sleep(chunkPause.toMillis());
                }
                if (progress.due(total, sizeBytes)) {
                    out.getFD().sync(); // only durable bytes are reported
                    progress.reached(total, sizeBytes);
                }
            }
            // The staged file must survive a power cut once it is reported as downloadComplete.
            out.getFD().sync();
        }
        return total;
    }

    /**
     * The JDK's HTTP client turns an interrupt during a blocking read into an IOException whose cause is
     * the InterruptedException, and does not always keep the thread's interrupt flag.
     */
    private static boolean interrupted(IOException e) {
        return Thread.currentThread().isInterrupted()
                || e.getCause() instanceof InterruptedException
                || e instanceof java.io.InterruptedIOException
                || e instanceof java.nio.channels.ClosedByInterruptException;
    }

    private static void hashFile(Path file, MessageDigest digest) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
    }

    private static DownloadOutcome failed(Path part, String code, String message) {
        if (part != null) {
            deleteQuietly(part);
        }
        return new DownloadOutcome.Failed(new ErrorInfo(code, message));
    }

    private static long sizeQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale partial file is harmless; the next download overwrites it
        }
    }
}
