package dev.fleetops.device.action;

import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.FileOutputStream;
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

/**
 * Downloads a firmware package over https, hashing while streaming and aborting as soon as it grows
 * past the announced size (or {@link #HARD_CAP_BYTES} when none was announced). Only a fully verified
 * file is left at the target; every failure deletes what was written.
 */
public final class Downloader {
    public static final long HARD_CAP_BYTES = 512L * 1024 * 1024;
    public static final String INSECURE_URI = DeviceErrorCodes.INSECURE_URI;
    public static final String HTTP_STATUS = DeviceErrorCodes.HTTP_STATUS;
    public static final String SIZE_EXCEEDED = DeviceErrorCodes.SIZE_EXCEEDED;
    public static final String SIZE_MISMATCH = DeviceErrorCodes.SIZE_MISMATCH;
    public static final String SHA256_MISMATCH = DeviceErrorCodes.SHA256_MISMATCH;
    public static final String DOWNLOAD_ERROR = DeviceErrorCodes.DOWNLOAD_ERROR;

    private final HttpClient http;

    /** @param http the client to use; its SSLContext decides which servers are trusted */
    public Downloader(HttpClient http) {
        this.http = http;
    }

    /** A client trusting {@code sslContext}, following only same-or-safer redirects. */
    public static HttpClient httpClient(javax.net.ssl.SSLContext sslContext) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b.build();
    }

    /**
     * Fetches {@code uri} to {@code target}.
     *
     * @param sha256    expected lower-case hex digest
     * @param sizeBytes announced size or null
     */
    public DownloadOutcome download(String uri, String sha256, Long sizeBytes, Path target) {
        String shown = FirmwareUpdateReport.redactUri(uri);
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return failed(DOWNLOAD_ERROR, "invalid package URI " + shown);
        }
        if (!"https".equalsIgnoreCase(u.getScheme())) {
            return failed(INSECURE_URI, "package URI must use https: " + shown);
        }
        long limit = sizeBytes != null ? sizeBytes : HARD_CAP_BYTES;
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            HttpRequest req = HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(60)).GET().build();
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) {
                    return failed(HTTP_STATUS, "HTTP " + resp.statusCode() + " from " + shown);
                }
                OptionalLong announced = resp.headers().firstValueAsLong("Content-Length");
                if (announced.isPresent() && announced.getAsLong() > limit) {
                    return failed(SIZE_EXCEEDED, "package is " + announced.getAsLong() + " bytes, limit " + limit);
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long total = copy(in, part, digest, limit);
                if (total < 0) {
                    return failed(SIZE_EXCEEDED, "package exceeded " + limit + " bytes");
                }
                if (sizeBytes != null && total != sizeBytes) {
                    return failed(SIZE_MISMATCH, "package is " + total + " bytes, expected " + sizeBytes);
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(sha256)) {
                    return failed(SHA256_MISMATCH, "package SHA-256 is " + actual + ", expected " + sha256);
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new DownloadOutcome.Verified(target, total);
            }
        } catch (IOException e) {
            return failed(DOWNLOAD_ERROR, "download from " + shown + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(DOWNLOAD_ERROR, "download interrupted");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        } finally {
            deleteQuietly(part);
        }
    }

    /** Bytes copied, or -1 as soon as more than {@code limit} arrive. */
    private static long copy(InputStream in, Path part, MessageDigest digest, long limit) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (FileOutputStream out = new FileOutputStream(part.toFile())) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    return -1;
                }
                digest.update(buf, 0, n);
                out.write(buf, 0, n);
            }
            // The staged file must survive a power cut once it is reported as downloadComplete.
            out.getFD().sync();
        }
        return total;
    }

    private static DownloadOutcome failed(String code, String message) {
        return new DownloadOutcome.Failed(new ErrorInfo(code, message));
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale partial file is harmless; the next download overwrites it
        }
    }
}
