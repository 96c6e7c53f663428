package dev.fleetops.localhub.files;

import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File uploads in flight and their notifications, as IoT Hub runs them ("Upload files with IoT Hub"): a device asks
 * for a SAS URI for a blob name ({@code POST /devices/{id}/files}), uploads to Storage itself, and tells the hub how it
 * went ({@code POST /devices/{id}/files/notifications}) with the correlation id it was given. A hub without a linked
 * storage account refuses the first call; real IoT Hub answers 400 with error code 400022 there (reported by SDK users
 * against hubs without file upload: Azure/azure-iot-sdk-csharp#2936, Azure-Samples/azure-iot-samples-csharp#129).
 */
public final class FileUploads {
    /** IoT Hub's limit: 10 concurrent file uploads per device (IoT Hub quotas and throttling). */
    public static final int MAX_PENDING_PER_DEVICE = 10;

    static final int NOTIFICATION_CAPACITY = 1000;
    /** The blob SAS lets the device create and write that one blob, nothing else (not even read it back). */
    static final String DEVICE_PERMISSIONS = "cw";

    private static final Logger LOG = LoggerFactory.getLogger(FileUploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private volatile SSLContext storageTrust;
    private volatile FileUploadSettings settings;
    private volatile boolean containerReady;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Deque<FileUploadNotification> notifications = new ArrayDeque<>();

    private record Pending(String deviceId, String blobName, Instant expires) {}

    /** What the device gets back; field names as the SDKs parse them. */
    public record Grant(
            String correlationId, String hostName, String containerName, String blobName, String sasToken) {}

    public FileUploads(Clock clock) {
        this.clock = clock;
    }

    /**
     * Links a storage account (or, with null, unlinks it: uploads are then refused with 400022).
     *
     * @param storageTrust trust for the storage endpoint's certificate, used when the hub creates the container
     */
    public void configure(FileUploadSettings settings, SSLContext storageTrust) {
        this.storageTrust = storageTrust;
        this.settings = settings;
        this.containerReady = false;
    }

    public boolean configured() {
        return settings != null;
    }

    /** {@code POST /devices/{id}/files}. */
    public Grant start(String deviceId, String blobName) {
        FileUploadSettings s = settings;
        if (s == null) {
            throw new HubException(
                    ErrorCodes.FILE_UPLOAD_NOT_CONFIGURED,
                    "BadRequest: file upload is not configured for this hub (no storage account linked).");
        }
        BlobNames.problem(deviceId, blobName).ifPresent(p -> {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, p);
        });
        Instant now = clock.instant();
        pending.values().removeIf(p -> !p.expires().isAfter(now));
        long inFlight = pending.values().stream()
                .filter(p -> p.deviceId().equals(deviceId))
                .count();
        if (inFlight >= MAX_PENDING_PER_DEVICE) {
            throw new HubException(
                    ErrorCodes.THROTTLED,
                    "Device " + deviceId + " has " + MAX_PENDING_PER_DEVICE + " file uploads in progress already.");
        }
        ensureContainer(s);
        String fullName = deviceId + "/" + blobName;
        Instant expires = now.plus(s.sasTtl());
        String correlationId = newCorrelationId();
        pending.put(correlationId, new Pending(deviceId, fullName, expires));
        return new Grant(
                correlationId,
                s.account().hostName(),
                s.container(),
                fullName,
                BlobSas.forBlob(s.account(), s.container(), fullName, DEVICE_PERMISSIONS, now, expires));
    }

    /** {@code POST /devices/{id}/files/notifications}: ends the upload; a success is notified to the service side. */
    public void complete(String deviceId, String correlationId, boolean success) {
        Pending p = correlationId == null ? null : pending.get(correlationId);
        if (p == null || !p.deviceId().equals(deviceId)) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID, "correlationId does not name a file upload of this device.");
        }
        pending.remove(correlationId);
        FileUploadSettings s = settings;
        if (!success || s == null) {
            return;
        }
        String uri = s.account().blobEndpoint() + "/" + s.container() + "/" + encodePath(p.blobName());
        synchronized (notifications) {
            if (notifications.size() >= NOTIFICATION_CAPACITY) {
                notifications.removeFirst();
            }
            notifications.addLast(
                    new FileUploadNotification(deviceId, p.blobName(), uri, correlationId, clock.instant()));
        }
    }

    /** The notifications of completed uploads, oldest first (the last {@value #NOTIFICATION_CAPACITY}). */
    public List<FileUploadNotification> notifications() {
        synchronized (notifications) {
            return List.copyOf(notifications);
        }
    }

    /** Uploads started and neither completed nor expired. */
    public int inFlight() {
        Instant now = clock.instant();
        return (int)
                pending.values().stream().filter(p -> p.expires().isAfter(now)).count();
    }

    /**
     * Creates the container once if it is missing, with an account SAS that can do nothing else. IoT Hub itself expects
     * the container to exist (the Bicep creates it); doing it here saves every local setup that step. A failure is
     * logged and the SAS handed out anyway: the device's upload then fails as it would against a missing container.
     */
    private void ensureContainer(FileUploadSettings s) {
        if (containerReady) {
            return;
        }
        Instant now = clock.instant();
        URI uri = URI.create(s.account().blobEndpoint() + "/" + s.container()
                + BlobSas.createContainers(s.account(), now, now.plus(Duration.ofMinutes(5)))
                + "&restype=container");
        try {
            HttpClient http = HttpClient.newBuilder()
                    .sslContext(storageTrust)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("x-ms-version", BlobSas.VERSION)
                            .PUT(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201 || r.statusCode() == 409) {
                containerReady = true;
            } else {
                LOG.warn("cannot create file upload container {}: HTTP {}", s.container(), r.statusCode());
            }
        } catch (IOException e) {
            LOG.warn("cannot create file upload container {}: {}", s.container(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String newCorrelationId() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String encodePath(String blobName) {
        StringBuilder out = new StringBuilder();
        for (String segment : blobName.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
