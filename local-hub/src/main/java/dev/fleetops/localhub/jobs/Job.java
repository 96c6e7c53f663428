package dev.fleetops.localhub.jobs;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.hub.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/** One job's mutable state; every access holds the job's monitor. */
final class Job {
    final JobSpec spec;
    final Instant created;
    JobStatus status;
    Instant lastUpdated;
    Instant ended;
    String failureReason;
    String statusMessage;
    /** When the job went to running: its deadline is this plus maxExecutionTimeInSeconds, across restarts too. */
    Instant runStarted;

    final List<DeviceJob> devices = new ArrayList<>();
    /** The start timer; cancelled by {@code cancel} before the job starts. */
    Future<?> task;
    /** Completed when the job is cancelled, so a running job stops waiting for calls already sent. */
    final java.util.concurrent.CompletableFuture<Void> cancelled = new java.util.concurrent.CompletableFuture<>();

    Job(JobSpec spec, Instant created) {
        this.spec = spec;
        this.created = created;
        this.lastUpdated = created;
        this.status = spec.startTime().isAfter(created) ? JobStatus.scheduled : JobStatus.queued;
    }

    synchronized void update(JobStatus next, Instant now) {
        status = next;
        lastUpdated = now;
        if (next.isTerminal()) {
            ended = now;
        }
    }

    synchronized boolean isActive() {
        return !status.isTerminal();
    }

    /** The job as {@code GET /jobs/v2/{id}} returns it; keys iot-service-client 2.1.9 cannot take as null are left out. */
    synchronized JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("jobId", spec.jobId());
        o.addProperty("type", spec.type().name());
        o.addProperty("status", status.name());
        o.addProperty("queryCondition", spec.queryCondition());
        o.addProperty("createdTime", Timestamps.format(created));
        o.addProperty("startTime", Timestamps.format(spec.startTime()));
        if (ended != null) {
            o.addProperty("endTime", Timestamps.format(ended));
        }
        o.addProperty("lastUpdatedDateTimeUtc", Timestamps.format(lastUpdated));
        o.addProperty("maxExecutionTimeInSeconds", spec.maxExecutionTimeInSeconds());
        if (spec.method() != null) {
            o.add("cloudToDeviceMethod", spec.method().toJson());
        }
        if (spec.twin() != null) {
            o.add("updateTwin", spec.twin().toJson());
        }
        if (failureReason != null) {
            o.addProperty("failureReason", failureReason);
        }
        if (statusMessage != null) {
            o.addProperty("statusMessage", statusMessage);
        }
        o.add("deviceJobStatistics", statistics());
        return o;
    }

    private JsonObject statistics() {
        int failed = 0;
        int succeeded = 0;
        int running = 0;
        int pending = 0;
        for (DeviceJob d : devices) {
            switch (d.status()) {
                case completed -> succeeded++;
                case failed, cancelled -> failed++;
                case running -> running++;
                default -> pending++;
            }
        }
        JsonObject s = new JsonObject();
        s.addProperty("deviceCount", devices.size());
        s.addProperty("failedCount", failed);
        s.addProperty("succeededCount", succeeded);
        s.addProperty("runningCount", running);
        s.addProperty("pendingCount", pending);
        return s;
    }
}
