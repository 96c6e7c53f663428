package dev.fleetops.device.logupload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One Put Blob (Storage REST: {@code PUT} with {@code x-ms-blob-type: BlockBlob}, the whole body at once, up to 5,000
 * MiB since version 2019-12-12) to a SAS URL. The log bundle is a few hundred KiB at most, so one request does it; the
 * agent does without azure-storage-blob, whose client stack (azure-core, Reactor, Netty) would be most of the agent's
 * footprint for this one call.
 */
final class BlobPut {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String STORAGE_VERSION = "2020-12-06";

    private final HttpClient http;

    BlobPut(HttpClient http) {
        this.http = http;
    }

    /** @return the HTTP status (201 when Storage took it) */
    int put(URI url, byte[] body) throws IOException, InterruptedException {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new IOException("refusing to upload over " + url.getScheme() + ": https only");
        }
        HttpRequest r = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("x-ms-blob-type", "BlockBlob")
                .header("x-ms-version", STORAGE_VERSION)
                .header("Content-Type", "application/gzip")
                .header("x-ms-blob-content-type", "application/gzip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
