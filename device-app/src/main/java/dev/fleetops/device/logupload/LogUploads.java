package dev.fleetops.device.logupload;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.LogsReport;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.contract.UploadLogsRequest;
import dev.fleetops.device.action.Reporter;
import dev.fleetops.device.log.LogContext;
import dev.fleetops.device.transport.HubException;
import dev.fleetops.device.transport.HubSession;
import dev.fleetops.device.transport.MethodResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code uploadLogs} method. The answer goes back at once (202 with the blob name, or 409 while another upload
 * runs, 400 naming bad fields); the upload runs on its own thread beside the action thread (it only reads, and a
 * device in the middle of a long update is when logs are wanted), and is reported in {@code reported.logs}:
 * {@code uploading}, then {@code uploaded} or {@code failed}. Nothing is persisted: an upload cut by a restart is
 * simply asked for again.
 *
 * <p>The file goes through IoT Hub's file upload ({@code getFileUploadSasUri}, one Put Blob, {@code
 * completeFileUpload}), or, when the request carries an {@code uploadUrl}, straight to that SAS URL (HTTPS only).
 */
public final class LogUploads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogUploads.class);

    /**
     * Where the agent's log is and which secrets must not leave the device.
     *
     * @param files   the log files to read, oldest first (asked at every upload: they roll)
     * @param flush   makes what was logged so far readable in those files
     * @param secrets the device's own secrets (connection string, key), redacted wherever they appear
     */
    public record Source(Supplier<List<Path>> files, Runnable flush, List<String> secrets) {}

    private final HubSession session;
    private final Reporter reporter;
    private final Clock clock;
    private final Supplier<String> newIds;
    private final String deviceId;
    private final Source source;
    private final BlobPut blobs;
    private final ThreadPoolExecutor worker;
    private String running;
    private String last;

    public LogUploads(
            HubSession session, Clock clock, Supplier<String> newIds, String deviceId, Source source, HttpClient http) {
        this.session = session;
        this.reporter = new Reporter(session);
        this.clock = clock;
        this.newIds = newIds;
        this.deviceId = deviceId;
        this.source = source;
        this.blobs = new BlobPut(http);
        this.worker = new ThreadPoolExecutor(
                1,
                1,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                LogContext.deviceThreads("fleetops-logs", deviceId));
        this.worker.allowCoreThreadTimeOut(true);
    }

    /** Answers {@code uploadLogs}; never waits on the network. */
    public MethodResult handle(JsonElement payload) {
        Parsed<UploadLogsRequest> parsed = UploadLogsRequest.parse(payload, false);
        if (parsed instanceof Parsed.Invalid<UploadLogsRequest> bad) {
            return answer(MethodStatus.BAD_REQUEST, MethodAck.rejected(null, bad.summary()), null);
        }
        UploadLogsRequest req = ((Parsed.Valid<UploadLogsRequest>) parsed).value();
        String id = req.operationId() != null ? req.operationId() : newIds.get();
        String blobName = req.blobNameOr(id);
        synchronized (this) {
            if (id.equals(running) || id.equals(last)) {
                return answer(
                        MethodStatus.NO_NEW_OPERATION,
                        new MethodAck(id, MethodAck.Result.DUPLICATE, "log upload " + id + " already started", null),
                        blobName);
            }
            if (running != null) {
                return answer(
                        MethodStatus.BUSY,
                        new MethodAck(id, MethodAck.Result.REJECTED, "another log upload is running", running),
                        null);
            }
            running = id;
        }
        UploadLogsRequest withId = req.withOperationId(id);
        try {
            worker.execute(() -> {
                LogContext.operation(id);
                try {
                    upload(withId, blobName);
                } finally {
                    LogContext.operation(null);
                    synchronized (this) {
                        running = null;
                        last = id;
                    }
                }
            });
        } catch (RuntimeException e) {
            synchronized (this) {
                running = null;
            }
            return answer(MethodStatus.DEVICE_ERROR, MethodAck.rejected(id, "cannot start the upload"), null);
        }
        LOG.info("uploadLogs {} -> accepted ({})", id, blobName);
        return answer(MethodStatus.ACCEPTED, MethodAck.accepted(id, "log upload started"), blobName);
    }

    private void upload(UploadLogsRequest req, String blobName) {
        String id = req.operationId();
        String target = req.uploadUrl() != null ? UploadLogsRequest.withoutQuery(req.uploadUrl()) : blobName;
        report(new LogsReport(id, LogsReport.UPLOADING, target, null, null, null, null, now(), null));
        LogBundle bundle;
        try {
            source.flush().run();
            String header = "# fleetops-agent log of " + deviceId + ", collected " + now() + " for " + id
                    + (req.since() == null ? "" : ", since " + Timestamps.format(req.since())) + ", at most "
                    + req.maxBytesOrDefault() + " bytes, secrets redacted";
            bundle = LogCollector.collect(
                    source.files().get(), req.since(), req.maxBytesOrDefault(), new Redactor(source.secrets()), header);
        } catch (IOException | RuntimeException e) {
            failed(id, target, null, "cannot read the log: " + e.getMessage());
            return;
        }
        try {
            if (req.uploadUrl() != null) {
                int status = blobs.put(URI.create(req.uploadUrl()), bundle.gzip());
                if (status / 100 != 2) {
                    failed(id, target, null, "storage answered HTTP " + status + " to the upload");
                    return;
                }
                uploaded(id, target, null, bundle);
                return;
            }
            HubSession.FileUploadTarget t = session.startFileUpload(blobName);
            int status;
            try {
                status = blobs.put(t.uploadUrl(), bundle.gzip());
            } catch (IOException e) {
                session.completeFileUpload(t.correlationId(), false, 500, "upload failed: " + e.getMessage());
                failed(id, t.blobName(), t.container(), "upload to storage failed: " + e.getMessage());
                return;
            }
            boolean ok = status / 100 == 2;
            session.completeFileUpload(t.correlationId(), ok, status, ok ? "uploaded" : "storage answered " + status);
            if (ok) {
                uploaded(id, t.blobName(), t.container(), bundle);
            } else {
                failed(id, t.blobName(), t.container(), "storage answered HTTP " + status + " to the upload");
            }
        } catch (HubException e) {
            failed(id, target, null, e.getMessage());
        } catch (IOException e) {
            failed(id, target, null, "upload to storage failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(id, target, null, "interrupted");
        } catch (RuntimeException e) {
            LOG.error("log upload {} failed", id, e);
            failed(id, target, null, "internal error: " + e.getMessage());
        }
    }

    private void uploaded(String id, String blob, String container, LogBundle b) {
        LOG.info("uploadLogs {}: {} lines, {} bytes gzipped, to {}", id, b.lines(), b.gzip().length, blob);
        report(new LogsReport(
                id,
                LogsReport.UPLOADED,
                blob,
                container,
                (long) b.gzip().length,
                b.lines(),
                b.truncated(),
                now(),
                null));
    }

    private void failed(String id, String blob, String container, String message) {
        String m = message == null ? "unknown error" : message.length() > 512 ? message.substring(0, 512) : message;
        LOG.warn("uploadLogs {} failed: {}", id, m);
        report(new LogsReport(
                id,
                LogsReport.FAILED,
                blob,
                container,
                null,
                null,
                null,
                now(),
                new ErrorInfo(DeviceErrorCodes.LOG_UPLOAD_FAILED, m)));
    }

    private void report(LogsReport r) {
        reporter.send(r.patch());
    }

    private String now() {
        return Timestamps.format(clock.instant());
    }

    private static MethodResult answer(int status, MethodAck ack, String blobName) {
        JsonObject body = StrictJson.GSON.toJsonTree(ack).getAsJsonObject();
        if (blobName != null) {
            body.addProperty("blobName", blobName);
        }
        return new MethodResult(status, body);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
