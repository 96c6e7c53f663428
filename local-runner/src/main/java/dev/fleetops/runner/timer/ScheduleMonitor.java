package dev.fleetops.runner.timer;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a timer's {@code ScheduleStatus} lives between runs and instances, and the past-due check made with it when
 * a listener starts: the WebJobs extensions' {@code StorageScheduleMonitor} (blob
 * {@code timers/<hostId>/<timer name>/status} in container {@code azure-webjobs-hosts}, JSON
 * {@code {"Last":…,"Next":…,"LastUpdated":…}}) and {@code ScheduleMonitor.CheckPastDueAsync}
 * (Azure/azure-webjobs-sdk-extensions, src/WebJobs.Extensions.Timers.Storage/StorageScheduleMonitor.cs,
 * src/WebJobs.Extensions/Extensions/Timers/Scheduling/ScheduleMonitor.cs). The timer name is
 * {@code <declaring type>.<method>} of the host's generated function, {@code Host.Functions.<Function>}.
 */
public final class ScheduleMonitor {
    private static final Logger LOG = Logger.getLogger("Host.Timers");

    private final BlobContainerClient container;
    private final String hostId;

    public ScheduleMonitor(BlobContainerClient container, String hostId) {
        this.container = container;
        this.hostId = hostId;
    }

    /** {@code timers/<hostId>/Host.Functions.<function>/status}. */
    public String blobName(String function) {
        return "timers/" + hostId + "/Host.Functions." + function + "/status";
    }

    /** The stored status, or empty when none was recorded yet. */
    Optional<TimerInfoJson.Status> get(String function) {
        try {
            JsonObject o = JsonParser.parseString(container
                            .getBlobClient(blobName(function))
                            .downloadContent()
                            .toString())
                    .getAsJsonObject();
            return Optional.of(new TimerInfoJson.Status(
                    time(o.get("Last").getAsString()),
                    time(o.get("Next").getAsString()),
                    time(o.get("LastUpdated").getAsString())));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code UpdateStatusAsync}: best effort, a failure is logged. */
    void update(String function, TimerInfoJson.Status status) {
        String json = "{\"Last\":\"" + TimerInfoJson.dateTime(status.last()) + "\",\"Next\":\""
                + TimerInfoJson.dateTime(status.next()) + "\",\"LastUpdated\":\""
                + TimerInfoJson.dateTime(status.lastUpdated()) + "\"}";
        try {
            container.createIfNotExists();
            container.getBlobClient(blobName(function)).upload(BinaryData.fromString(json), true);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Function '" + function + "' failed to update the timer trigger status.", e);
        }
    }

    /**
     * {@code CheckPastDueAsync}: how long ago the recorded next occurrence passed (zero when it has not). Records an
     * initial status for a timer that has none, and re-bases a status whose {@code Next} no longer follows from the
     * schedule (the schedule changed), so that a changed schedule does not count as past due.
     *
     * @param stored the stored status, which is updated in place as the extension updates its object
     */
    Duration checkPastDue(String function, Instant now, NcrontabSchedule schedule, TimerInfoJson.Status[] stored) {
        Instant recordedNext;
        TimerInfoJson.Status last = stored[0];
        if (last == null) {
            Instant next = schedule.next(now).orElse(Instant.MAX);
            update(function, new TimerInfoJson.Status(TimerInfoJson.NEVER, next, now));
            recordedNext = next;
        } else {
            Instant expected;
            Instant lastUpdated;
            if (!last.last().equals(TimerInfoJson.NEVER)) {
                expected = schedule.next(last.last()).orElse(Instant.MAX);
                lastUpdated = last.last();
            } else if (!last.lastUpdated().equals(TimerInfoJson.NEVER)) {
                expected = schedule.next(last.lastUpdated()).orElse(Instant.MAX);
                lastUpdated = last.lastUpdated();
            } else {
                expected = schedule.next(now).orElse(Instant.MAX);
                lastUpdated = now;
            }
            if (!last.next().equals(expected)) {
                if (now.isAfter(expected)) {
                    expected = schedule.next(now).orElse(Instant.MAX);
                    lastUpdated = now;
                }
                last = new TimerInfoJson.Status(TimerInfoJson.NEVER, expected, lastUpdated);
                stored[0] = last;
                update(function, last);
            }
            recordedNext = last.next();
        }
        return now.isAfter(recordedNext) ? Duration.between(recordedNext, now) : Duration.ZERO;
    }

    private static Instant time(String text) {
        if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(text).toInstant();
        }
        return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
    }
}
