package dev.fleetops.localhub.jobs;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.hub.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs as {@link JobStore} records and back. A job record is the job as {@code GET /jobs/v2/{id}} shows it (which
 * holds the whole request) plus {@code runStartedTime}; a row record is the {@code devices.jobs} row. Each holds its
 * key under {@code "id"}.
 */
final class JobRecords {
    private static final String JOB = "job/";
    private static final String ROW = "row/";

    private JobRecords() {}

    static String jobKey(String jobId) {
        return JOB + jobId;
    }

    static String rowKey(String jobId, String deviceId) {
        return ROW + jobId + "/" + deviceId;
    }

    static JsonObject of(Job job) {
        synchronized (job) {
            JsonObject o = job.toJson();
            o.remove("deviceJobStatistics"); // derived from the rows on restore
            o.addProperty("id", jobKey(job.spec.jobId()));
            if (job.runStarted != null) {
                o.addProperty("runStartedTime", Timestamps.format(job.runStarted));
            }
            return o;
        }
    }

    static JsonObject of(DeviceJob row) {
        JsonObject o = row.toJson();
        o.addProperty("id", rowKey(o.get("jobId").getAsString(), row.deviceId));
        return o;
    }

    /**
     * Rebuilds the stored jobs, oldest first, with their rows ordered by device id. Rows of a job that had not
     * started are dropped: such a job matches its devices again when it starts.
     */
    static List<Job> restore(Map<String, JsonObject> records) {
        Map<String, Job> jobs = new HashMap<>();
        for (JsonObject r : records.values()) {
            String key = r.get("id").getAsString();
            if (key.startsWith(JOB)) {
                Job job = job(r);
                jobs.put(job.spec.jobId(), job);
            }
        }
        for (JsonObject r : records.values()) {
            Job job = r.get("id").getAsString().startsWith(ROW)
                    ? jobs.get(r.get("jobId").getAsString())
                    : null;
            if (job != null && job.runStarted != null) {
                job.devices.add(DeviceJob.restore(job, r));
            }
        }
        List<Job> out = new ArrayList<>(jobs.values());
        out.forEach(j -> j.devices.sort(Comparator.comparing(d -> d.deviceId)));
        out.sort(Comparator.comparing((Job j) -> j.created).thenComparing(j -> j.spec.jobId()));
        return out;
    }

    private static Job job(JsonObject r) {
        Instant created = Instant.parse(r.get("createdTime").getAsString());
        Job job = new Job(JobSpec.parse(r.get("jobId").getAsString(), r, created), created);
        job.status = JobStatus.valueOf(r.get("status").getAsString());
        job.lastUpdated = Instant.parse(r.get("lastUpdatedDateTimeUtc").getAsString());
        job.ended = r.has("endTime") ? Instant.parse(r.get("endTime").getAsString()) : null;
        job.failureReason = r.has("failureReason") ? r.get("failureReason").getAsString() : null;
        job.statusMessage = r.has("statusMessage") ? r.get("statusMessage").getAsString() : null;
        job.runStarted =
                r.has("runStartedTime") ? Instant.parse(r.get("runStartedTime").getAsString()) : null;
        return job;
    }
}
