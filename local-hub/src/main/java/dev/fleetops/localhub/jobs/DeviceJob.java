package dev.fleetops.localhub.jobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.hub.Timestamps;
import java.time.Instant;

/** A job's work on one device: a {@code devices.jobs} row. Guarded by the owning {@link Job}'s monitor. */
final class DeviceJob {
    private final Job job;
    final String deviceId;
    private JobStatus status = JobStatus.queued;
    private Instant started;
    private Instant ended;
    private Instant lastUpdated;
    private Integer methodStatus;
    private JsonElement methodPayload;
    private String errorCode;
    private String errorDescription;

    DeviceJob(Job job, String deviceId, Instant now) {
        this.job = job;
        this.deviceId = deviceId;
        this.lastUpdated = now;
    }

    JobStatus status() {
        synchronized (job) {
            return status;
        }
    }

    void running(Instant now) {
        synchronized (job) {
            status = JobStatus.running;
            started = now;
            lastUpdated = now;
        }
    }

    void completed(Instant now, Integer methodStatus, JsonElement methodPayload) {
        synchronized (job) {
            this.methodStatus = methodStatus;
            this.methodPayload = methodPayload;
            finish(JobStatus.completed, now);
        }
    }

    void failed(Instant now, String code, String description) {
        synchronized (job) {
            errorCode = code;
            errorDescription = description;
            finish(JobStatus.failed, now);
        }
    }

    /** Ends a row that never ran; false if it had started already. */
    boolean endUnstarted(JobStatus outcome, Instant now, String code, String description) {
        synchronized (job) {
            if (status != JobStatus.queued) {
                return false;
            }
            errorCode = code;
            errorDescription = description;
            finish(outcome, now);
            return true;
        }
    }

    /**
     * Ends a row whose operation was in flight when the hub stopped: its outcome is unknown, and running it again
     * could run it twice, so it fails. @return whether the row was in flight
     */
    boolean failInFlight(Instant now, String code, String description) {
        synchronized (job) {
            if (status != JobStatus.running) {
                return false;
            }
            errorCode = code;
            errorDescription = description;
            finish(JobStatus.failed, now);
            return true;
        }
    }

    /** A row as {@link #toJson()} wrote it, for a restarted hub. */
    static DeviceJob restore(Job job, JsonObject r) {
        DeviceJob d = new DeviceJob(
                job,
                r.get("deviceId").getAsString(),
                Instant.parse(r.get("lastUpdatedDateTimeUtc").getAsString()));
        d.status = JobStatus.valueOf(r.get("status").getAsString());
        d.started = r.has("startTimeUtc") ? Instant.parse(r.get("startTimeUtc").getAsString()) : null;
        d.ended = r.has("endTimeUtc") ? Instant.parse(r.get("endTimeUtc").getAsString()) : null;
        if (r.has("outcome")) {
            JsonObject response = r.getAsJsonObject("outcome").getAsJsonObject("deviceMethodResponse");
            d.methodStatus = response.get("status").getAsInt();
            d.methodPayload = response.get("payload");
        }
        if (r.has("error")) {
            JsonObject error = r.getAsJsonObject("error");
            d.errorCode = error.get("code").getAsString();
            d.errorDescription = error.get("description").getAsString();
        }
        return d;
    }

    private void finish(JobStatus next, Instant now) {
        status = next;
        ended = now;
        lastUpdated = now;
    }

    /**
     * The row as {@code FROM devices.jobs} returns it. Method rows carry {@code cloudToDeviceMethod}: 2.1.9's
     * {@code ScheduledJob} throws a NullPointerException for a method row with an outcome but without it.
     */
    JsonObject toJson() {
        synchronized (job) {
            JsonObject o = new JsonObject();
            o.addProperty("deviceId", deviceId);
            o.addProperty("jobId", job.spec.jobId());
            o.addProperty("jobType", job.spec.type().name());
            o.addProperty("status", status.name());
            if (started != null) {
                o.addProperty("startTimeUtc", Timestamps.format(started));
            }
            if (ended != null) {
                o.addProperty("endTimeUtc", Timestamps.format(ended));
            }
            o.addProperty("createdDateTimeUtc", Timestamps.format(job.created));
            o.addProperty("lastUpdatedDateTimeUtc", Timestamps.format(lastUpdated));
            if (job.spec.method() != null) {
                JsonObject method = new JsonObject();
                method.addProperty("methodName", job.spec.method().methodName());
                method.add("payload", job.spec.method().payload());
                o.add("cloudToDeviceMethod", method);
            }
            if (methodStatus != null) {
                JsonObject response = new JsonObject();
                response.addProperty("status", methodStatus);
                response.add("payload", methodPayload);
                JsonObject outcome = new JsonObject();
                outcome.add("deviceMethodResponse", response);
                o.add("outcome", outcome);
            }
            if (errorCode != null) {
                JsonObject error = new JsonObject();
                error.addProperty("code", errorCode);
                error.addProperty("description", errorDescription);
                o.add("error", error);
            }
            return o;
        }
    }
}
