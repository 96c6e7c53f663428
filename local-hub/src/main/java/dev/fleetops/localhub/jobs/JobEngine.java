package dev.fleetops.localhub.jobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fleetops.localhub.hub.ErrorCodes;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.HubException;
import dev.fleetops.localhub.hub.MethodResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub jobs: scheduled direct methods and twin updates over the devices a query condition matches.
 * A job starts at its start time, runs its device operations at the pacer's rate (in parallel: a method
 * waiting for its device does not hold up the next device), and ends completed, failed (past
 * {@code maxExecutionTimeInSeconds}) or cancelled. At most {@link JobLimits#maxActiveJobs()} jobs may be
 * queued, scheduled or running; more are refused with 429004 ThrottlingMaxActiveJobCountExceeded.
 * Finished jobs are kept for 30 days, as on the real hub. Thread-safe.
 */
public final class JobEngine implements AutoCloseable {
    public static final int JOB_NOT_FOUND = 404002;
    public static final int JOB_ALREADY_EXISTS = 409104;
    public static final int MAX_ACTIVE_JOBS_EXCEEDED = 429004;
    static final Duration HISTORY = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);

    private final Hub hub;
    private final JobLimits limits;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ScheduledExecutorService executor;
    /** Runs started jobs; a cancelled job still finishing its sent calls must not hold up the next one. */
    private final java.util.concurrent.ExecutorService runner;

    public JobEngine(Hub hub, JobLimits limits) {
        this.hub = hub;
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        java.util.concurrent.ThreadFactory threads = r -> {
            Thread t = new Thread(r, "local-hub-jobs-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newSingleThreadScheduledExecutor(threads);
        this.runner = Executors.newCachedThreadPool(threads);
    }

    /**
     * Creates a job from the body of {@code PUT /jobs/v2/{jobId}}.
     *
     * @return the job as the hub answers (status {@code queued}, or {@code scheduled} for a future start)
     * @throws HubException 400004 invalid request, 409104 existing job id, 429004 too many active jobs
     */
    public JsonObject schedule(String jobId, JsonObject body) {
        Instant now = hub.clock().instant();
        JobSpec spec = JobSpec.parse(jobId, body, now);
        Job job = new Job(spec, now);
        synchronized (jobs) {
            prune(now);
            if (jobs.containsKey(jobId)) {
                throw new HubException(JOB_ALREADY_EXISTS, "A job with id '" + jobId + "' already exists.");
            }
            long active = jobs.values().stream().filter(Job::isActive).count();
            if (active >= limits.maxActiveJobs()) {
                throw new HubException(MAX_ACTIVE_JOBS_EXCEEDED, "ThrottlingMaxActiveJobCountExceeded: the hub allows "
                        + limits.maxActiveJobs() + " active job(s) at once; wait for one to finish or cancel it.");
            }
            jobs.put(jobId, job);
            long delay = Math.max(0, Duration.between(now, spec.startTime()).toMillis());
            synchronized (job) {
                job.task = executor.schedule(() -> runner.execute(() -> run(job)), delay, TimeUnit.MILLISECONDS);
            }
        }
        LOG.info("job {} ({}) scheduled for {} over '{}'", jobId, spec.type(), spec.startTime(), spec.queryCondition());
        return job.toJson();
    }

    /** @throws HubException 404002 unknown job */
    public JsonObject get(String jobId) {
        return job(jobId).toJson();
    }

    /**
     * Cancels a job: devices not yet started are not run; operations already sent finish. A finished job is
     * returned unchanged.
     *
     * @throws HubException 404002 unknown job
     */
    public JsonObject cancel(String jobId) {
        Job job = job(jobId);
        Instant now = hub.clock().instant();
        synchronized (job) {
            if (job.isActive()) {
                boolean started = job.status == JobStatus.running;
                job.update(JobStatus.cancelled, now);
                for (DeviceJob d : job.devices) {
                    d.endUnstarted(JobStatus.cancelled, now, "JobCancelled", "The job was cancelled before it ran on this device.");
                }
                if (!started && job.task != null) {
                    job.task.cancel(false);
                }
                job.cancelled.complete(null);
                LOG.info("job {} cancelled", jobId);
            }
        }
        return job.toJson();
    }

    /** Jobs newest first, filtered by type and status when given (their names as the REST API spells them). */
    public List<JsonObject> jobs(String type, String status) {
        List<Job> snapshot;
        synchronized (jobs) {
            prune(hub.clock().instant());
            snapshot = new ArrayList<>(jobs.values());
        }
        List<JsonObject> out = new ArrayList<>();
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            Job j = snapshot.get(i);
            JsonObject o = j.toJson();
            if ((type == null || type.equals(o.get("type").getAsString())) && (status == null || status.equals(o.get("status").getAsString()))) {
                out.add(o);
            }
        }
        return out;
    }

    /** Every device row of every job, for {@code FROM devices.jobs}, ordered by job then device. */
    public List<JsonObject> deviceRows() {
        List<Job> snapshot;
        synchronized (jobs) {
            snapshot = new ArrayList<>(jobs.values());
        }
        List<JsonObject> out = new ArrayList<>();
        for (Job j : snapshot) {
            List<DeviceJob> rows;
            synchronized (j) {
                rows = new ArrayList<>(j.devices);
            }
            rows.forEach(r -> out.add(r.toJson()));
        }
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        runner.shutdownNow();
    }

    private Job job(String jobId) {
        Job job;
        synchronized (jobs) {
            job = jobs.get(jobId);
        }
        if (job == null) {
            throw new HubException(JOB_NOT_FOUND, "Job '" + jobId + "' not found.");
        }
        return job;
    }

    private void prune(Instant now) {
        jobs.values().removeIf(j -> {
            synchronized (j) {
                return j.ended != null && j.ended.plus(HISTORY).isBefore(now);
            }
        });
    }

    // ---- execution -----------------------------------------------------------------------------

    private void run(Job job) {
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
            job.statusMessage = rows.size() + " device(s) matched";
        }
        LOG.info("job {} running on {} device(s)", job.spec.jobId(), rows.size());
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
            inFlight.add(start(job, d));
        }
        if (!interrupted) {
            long waitMillis = Duration.between(hub.clock().instant(), deadline).toMillis();
            try {
                CompletableFuture.anyOf(CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])), job.cancelled)
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

    private CompletableFuture<Void> start(Job job, DeviceJob d) {
        d.running(hub.clock().instant());
        if (job.spec.method() != null) {
            JobSpec.MethodSpec m = job.spec.method();
            byte[] payload = m.payload().toString().getBytes(StandardCharsets.UTF_8);
            CompletableFuture<MethodResult> call;
            try {
                call = hub.invokeMethod(d.deviceId, m.methodName(), payload, Duration.ofSeconds(m.responseTimeoutInSeconds()),
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
                return null;
            });
        }
        JobSpec.TwinSpec t = job.spec.twin();
        try {
            hub.updateTwin(d.deviceId, t.tags() == null ? null : t.tags().deepCopy(), t.desired() == null ? null : t.desired().deepCopy(),
                    t.etag(), false);
            d.completed(hub.clock().instant(), null, null);
        } catch (RuntimeException e) {
            fail(d, hub.clock().instant(), e);
        }
        return CompletableFuture.completedFuture(null);
    }

    private void finish(Job job, boolean interrupted) {
        Instant now = hub.clock().instant();
        synchronized (job) {
            if (job.status != JobStatus.running) {
                return;
            }
            boolean unfinished = false;
            for (DeviceJob d : job.devices) {
                unfinished |= !d.status().isTerminal();
                d.endUnstarted(JobStatus.failed, now, "JobRunPreconditionFailed",
                        interrupted ? "The hub shut down before the job ran on this device."
                                : "The job reached maxExecutionTimeInSeconds before it ran on this device.");
            }
            if (unfinished || interrupted) {
                job.failureReason = interrupted ? "The local hub shut down while the job was running."
                        : "The job did not finish within maxExecutionTimeInSeconds (" + job.spec.maxExecutionTimeInSeconds() + " s).";
                job.update(JobStatus.failed, now);
            } else {
                job.update(JobStatus.completed, now);
            }
        }
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
