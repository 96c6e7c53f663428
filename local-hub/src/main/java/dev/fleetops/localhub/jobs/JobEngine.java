package dev.fleetops.localhub.jobs;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.Hub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>With a durable {@link JobStore}, jobs survive restarts. A job is stored (fsync'd) before {@code PUT} or
 * {@code cancel} is answered, its matched devices when it starts, and each device row before its operation is
 * sent, so a device never runs twice: after a restart, rows that were in flight fail ({@value #IN_FLIGHT_CODE},
 * outcome unknown), rows not yet started run when the job resumes, within the original deadline (run start plus
 * {@code maxExecutionTimeInSeconds}), and jobs not yet started start as scheduled. Device outcomes are appended
 * without waiting for an fsync; the next one (at the next device start at the latest) covers them.
 */
public final class JobEngine implements AutoCloseable {
    public static final int JOB_NOT_FOUND = 404002;
    public static final int JOB_ALREADY_EXISTS = 409104;
    public static final int MAX_ACTIVE_JOBS_EXCEEDED = 429004;
    static final Duration HISTORY = Duration.ofDays(30);
    /** How long a resumed job waits after a restart, so devices that were connected have time to reconnect. */
    public static final Duration DEFAULT_RESUME_DELAY = Duration.ofSeconds(5);
    /** Error code of a device row whose operation was in flight when the hub stopped. */
    public static final String IN_FLIGHT_CODE = "JobRunInterrupted";

    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);

    private final Hub hub;
    private final JobLimits limits;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ScheduledExecutorService executor;
    /** Runs started jobs; a cancelled job still finishing its sent calls must not hold up the next one. */
    private final java.util.concurrent.ExecutorService runner;

    private final JobJournal journal;
    private final JobRunner jobRunner;
    private final Duration resumeDelay;
    private volatile boolean closing;

    /** Jobs in memory only. */
    public JobEngine(Hub hub, JobLimits limits) {
        this(hub, limits, JobStore.NONE);
    }

    /** Jobs kept in {@code store}; see {@link #JobEngine(Hub, JobLimits, JobStore, Duration)}, with {@link #DEFAULT_RESUME_DELAY}. */
    public JobEngine(Hub hub, JobLimits limits, JobStore store) {
        this(hub, limits, store, DEFAULT_RESUME_DELAY);
    }

    /**
     * Jobs kept in {@code store}: the stored jobs are restored, unstarted ones start at their start time and running
     * ones resume after {@code resumeDelay} (see the class comment).
     */
    public JobEngine(Hub hub, JobLimits limits, JobStore store, Duration resumeDelay) {
        this.hub = hub;
        this.limits = limits;
        this.journal = new JobJournal(store, () -> closing);
        this.jobRunner = new JobRunner(hub, limits, journal, () -> closing);
        this.resumeDelay = resumeDelay;
        AtomicInteger n = new AtomicInteger();
        java.util.concurrent.ThreadFactory threads = r -> {
            Thread t = new Thread(r, "local-hub-jobs-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newSingleThreadScheduledExecutor(threads);
        this.runner = Executors.newCachedThreadPool(threads);
        restore();
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
                throw new HubException(
                        MAX_ACTIVE_JOBS_EXCEEDED,
                        "ThrottlingMaxActiveJobCountExceeded: the hub allows " + limits.maxActiveJobs()
                                + " active job(s) at once; wait for one to finish or cancel it.");
            }
            try {
                journal.save(job, List.of(), true);
            } catch (RuntimeException e) {
                LOG.error("cannot store job {}", jobId, e);
                throw new HubException(ErrorCodes.SERVER_ERROR, "The job could not be stored.");
            }
            jobs.put(jobId, job);
            startAt(job, spec.startTime(), now);
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
                    d.endUnstarted(
                            JobStatus.cancelled,
                            now,
                            "JobCancelled",
                            "The job was cancelled before it ran on this device.");
                }
                if (!started && job.task != null) {
                    job.task.cancel(false);
                }
                job.cancelled.complete(null);
                journal.saveQuietly(job, job.devices, true);
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
            if ((type == null || type.equals(o.get("type").getAsString()))
                    && (status == null || status.equals(o.get("status").getAsString()))) {
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

    /**
     * Stops running jobs where they are (a durable store resumes them on the next start) and waits briefly for
     * the runners to stop, so nothing is appended to the store after this returns.
     */
    @Override
    public void close() {
        closing = true;
        executor.shutdownNow();
        runner.shutdownNow();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                boolean expired = j.ended != null && j.ended.plus(HISTORY).isBefore(now);
                if (expired) {
                    journal.forget(j);
                }
                return expired;
            }
        });
    }

    // ---- durability ----------------------------------------------------------------------------

    /** Brings back the stored jobs: unstarted ones are scheduled, running ones resume (see the class comment). */
    private void restore() {
        Instant now = hub.clock().instant();
        for (Job job : journal.load()) {
            jobs.put(job.spec.jobId(), job);
            if (job.status == JobStatus.queued || job.status == JobStatus.scheduled) {
                startAt(job, job.spec.startTime(), now);
            } else if (job.status == JobStatus.running) {
                List<DeviceJob> interrupted = new ArrayList<>();
                for (DeviceJob d : job.devices) {
                    if (d.failInFlight(
                            now,
                            IN_FLIGHT_CODE,
                            "The local hub stopped while the operation was in flight on this device;"
                                    + " its outcome is unknown, so it is not run again.")) {
                        interrupted.add(d);
                    }
                }
                journal.save(job, interrupted, true);
                List<DeviceJob> remaining = job.devices.stream()
                        .filter(d -> d.status() == JobStatus.queued)
                        .toList();
                Instant deadline = job.runStarted.plusSeconds(job.spec.maxExecutionTimeInSeconds());
                LOG.info(
                        "job {} resumes: {} device(s) left, {} in flight when the hub stopped",
                        job.spec.jobId(),
                        remaining.size(),
                        interrupted.size());
                executor.schedule(
                        () -> runner.execute(() -> jobRunner.resume(job, remaining, deadline)),
                        resumeDelay.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    private void startAt(Job job, Instant start, Instant now) {
        long delay = Math.max(0, Duration.between(now, start).toMillis());
        synchronized (job) {
            job.task = executor.schedule(() -> runner.execute(() -> jobRunner.run(job)), delay, TimeUnit.MILLISECONDS);
        }
    }
}
