package dev.fleetops.localhub.jobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.IfMatch;
import dev.fleetops.localhub.hub.MethodResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job on its devices (on a {@link JobEngine} runner thread): device operations at the pacer's rate, in
 * parallel, each row stored as running before its operation is sent (see {@link JobEngine} for what is stored when).
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final Hub hub;
    private final JobLimits limits;
    private final JobJournal journal;
    /** True once the engine is stopping: an interrupted job is then left to resume on the next start. */
    private final BooleanSupplier closing;

    JobRunner(Hub hub, JobLimits limits, JobJournal journal, BooleanSupplier closing) {
        this.hub = hub;
        this.limits = limits;
        this.journal = journal;
        this.closing = closing;
    }

    /** Starts a queued or scheduled job: matches its devices, stores them, runs them. */
    void run(Job job) {
        Instant now = hub.clock().instant();
        Instant deadline = job.spec.startTime().isAfter(now) ? job.spec.startTime() : now;
        deadline = deadline.plusSeconds(job.spec.maxExecutionTimeInSeconds());
        List<DeviceJob> rows = new ArrayList<>();
        synchronized (job) {
            if (job.status != JobStatus.queued && job.status != JobStatus.scheduled) {
                return;
            }
            List<JsonObject> matched = job.spec.query().execute(hub.twins());
            matched.sort(Comparator.comparing(o -> o.get("deviceId").getAsString()));
            for (JsonObject twin : matched) {
                DeviceJob d = new DeviceJob(job, twin.get("deviceId").getAsString(), now);
                job.devices.add(d);
                rows.add(d);
            }
            job.update(JobStatus.running, now);
            job.runStarted = deadline.minusSeconds(job.spec.maxExecutionTimeInSeconds());
            job.statusMessage = rows.size() + " device(s) matched";
        }
        try {
            journal.save(job, rows, true);
        } catch (RuntimeException e) {
            if (closing.getAsBoolean()) {
                return;
            }
            LOG.warn(
                    "cannot store job {} ({}); it runs on, but would not resume after a restart",
                    job.spec.jobId(),
                    e.toString());
        }
        LOG.info("job {} running on {} device(s)", job.spec.jobId(), rows.size());
        resume(job, rows, deadline);
    }

    /**
     * Runs {@code rows} (not started yet) at the pacer's rate until done, cancelled or {@code deadline}, then finishes
     * the job; also how a restarted hub resumes a running job.
     */
    void resume(Job job, List<DeviceJob> rows, Instant deadline) {
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        boolean interrupted = false;
        for (DeviceJob d : rows) {
            if (!isRunning(job) || !hub.clock().instant().isBefore(deadline)) {
                break;
            }
            try {
                limits.pacer().acquire();
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
            if (!isRunning(job)) {
                break;
            }
            d.running(hub.clock().instant());
            try {
                journal.save(job, List.of(d), true); // before the operation is sent: a restart must not run it again
            } catch (RuntimeException e) {
                if (closing.getAsBoolean()) {
                    interrupted = true;
                    break;
                }
                LOG.warn(
                        "cannot store job {} ({}); it runs on, but would not resume after a restart",
                        job.spec.jobId(),
                        e.toString());
            }
            inFlight.add(start(job, d));
        }
        if (!interrupted) {
            long waitMillis = Duration.between(hub.clock().instant(), deadline).toMillis();
            try {
                CompletableFuture.anyOf(
                                CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])), job.cancelled)
                        .get(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                // past the deadline; rows still running are reported as they are
            }
        }
        finish(job, interrupted);
    }

    private static boolean isRunning(Job job) {
        synchronized (job) {
            return job.status == JobStatus.running;
        }
    }

    /** Sends the operation of row {@code d} (already marked running); its outcome is appended to the store when it is known. */
    private CompletableFuture<Void> start(Job job, DeviceJob d) {
        if (job.spec.method() != null) {
            JobSpec.MethodSpec m = job.spec.method();
            byte[] payload = m.payload().toString().getBytes(StandardCharsets.UTF_8);
            CompletableFuture<MethodResult> call;
            try {
                call = hub.invokeMethod(
                        d.deviceId,
                        m.methodName(),
                        payload,
                        Duration.ofSeconds(m.responseTimeoutInSeconds()),
                        Duration.ofSeconds(m.connectTimeoutInSeconds()));
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            return call.handle((result, error) -> {
                Instant now = hub.clock().instant();
                if (error == null) {
                    d.completed(now, result.status(), payload(result.payload()));
                } else {
                    fail(d, now, error);
                }
                journal.saveQuietly(job, List.of(d), false); // may run on a device's event loop: no fsync here
                return null;
            });
        }
        JobSpec.TwinSpec t = job.spec.twin();
        try {
            hub.updateTwin(
                    d.deviceId,
                    t.tags() == null ? null : t.tags().deepCopy(),
                    t.desired() == null ? null : t.desired().deepCopy(),
                    IfMatch.ofEtagField(t.etag()),
                    false);
            d.completed(hub.clock().instant(), null, null);
        } catch (RuntimeException e) {
            fail(d, hub.clock().instant(), e);
        }
        journal.saveQuietly(job, List.of(d), false);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Ends a running job: completed when every device ran, else failed (devices not started fail). A job interrupted
     * because the hub is stopping is left as it is, so a durable store resumes it on the next start.
     */
    private void finish(Job job, boolean interrupted) {
        if (interrupted) {
            LOG.info("job {} stopped with the hub; it resumes on the next start if jobs are durable", job.spec.jobId());
            return;
        }
        Instant now = hub.clock().instant();
        List<DeviceJob> ended = new ArrayList<>();
        synchronized (job) {
            if (job.status != JobStatus.running) {
                return;
            }
            boolean unfinished = false;
            for (DeviceJob d : job.devices) {
                unfinished |= !d.status().isTerminal();
                if (d.endUnstarted(
                        JobStatus.failed,
                        now,
                        "JobRunPreconditionFailed",
                        "The job reached maxExecutionTimeInSeconds before it ran on this device.")) {
                    ended.add(d);
                }
            }
            if (unfinished) {
                job.failureReason = "The job did not finish within maxExecutionTimeInSeconds ("
                        + job.spec.maxExecutionTimeInSeconds() + " s).";
                job.update(JobStatus.failed, now);
            } else {
                job.update(JobStatus.completed, now);
            }
        }
        journal.saveQuietly(job, ended, true);
        LOG.info("job {} {}", job.spec.jobId(), job.toJson().get("status").getAsString());
    }

    private static void fail(DeviceJob d, Instant now, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HubException e) {
            d.failed(now, errorName(e.errorCode()), e.getMessage());
        } else {
            d.failed(now, "InternalServerError", String.valueOf(cause.getMessage()));
        }
    }

    private static String errorName(int code) {
        return switch (code) {
            case ErrorCodes.DEVICE_NOT_FOUND -> "DeviceNotFound";
            case ErrorCodes.DEVICE_NOT_ONLINE -> "DeviceNotOnline";
            case ErrorCodes.GATEWAY_TIMEOUT -> "GatewayTimeout";
            case ErrorCodes.PRECONDITION_FAILED -> "PreconditionFailed";
            case ErrorCodes.MESSAGE_TOO_LARGE -> "MessageTooLarge";
            case ErrorCodes.ARGUMENT_INVALID -> "ArgumentInvalid";
            case ErrorCodes.THROTTLED -> "ThrottlingException";
            default -> Integer.toString(code);
        };
    }

    private static JsonElement payload(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return JsonNull.INSTANCE;
        }
        try {
            return JsonParser.parseString(text);
        } catch (RuntimeException e) {
            return new JsonPrimitive(text);
        }
    }
}
