package dev.fleetops.runner.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.google.gson.JsonParser;
import dev.fleetops.runner.FakeApp;
import dev.fleetops.runner.LocalRunner;
import dev.fleetops.runner.RunnerConfig;
import dev.fleetops.runner.TestStorage;
import dev.fleetops.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With AzureWebJobsStorage the timer's schedule status lives in {@code timers/<hostId>/Host.Functions.<name>/status},
 * as the host's StorageScheduleMonitor keeps it: a recorded occurrence that has passed runs at once as past due, and
 * every run records the new status.
 */
class ScheduleStatusTest {
    @Test
    void aMissedOccurrenceRecordedInStorageRunsAtOnceAsPastDueAndRunsUpdateTheStatus(@TempDir Path dir)
            throws Exception {
        String storage = TestStorage.connectionString();
        String hostId = "status-it-" + UUID.randomUUID().toString().substring(0, 8);
        int hour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        // Every second, in this hour and the ones beside it: restricted above the seconds, so the monitor is on.
        String schedule = "*/1 * " + (hour + 23) % 24 + "," + hour + "," + (hour + 1) % 24 + " * * *";
        new FakeApp(dir)
                .timer("Monitored", "dev.fleetops.runner.fake.FakeTimerFunctions.monitored", "%MONITORED_SCHEDULE%");
        BlobContainerClient hosts = new BlobServiceClientBuilder()
                .connectionString(storage)
                .buildClient()
                .getBlobContainerClient("azure-webjobs-hosts");
        hosts.createIfNotExists();
        Instant missed = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        String blob = "timers/" + hostId + "/Host.Functions.Monitored/status";
        hosts.getBlobClient(blob)
                .upload(
                        BinaryData.fromString("{\"Last\":\"0001-01-01T00:00:00+00:00\",\"Next\":\""
                                + OffsetDateTime.ofInstant(missed, ZoneOffset.UTC) + "\",\"LastUpdated\":\""
                                + OffsetDateTime.ofInstant(missed.minusSeconds(1), ZoneOffset.UTC) + "\"}"),
                        true);
        List<TimerRun> runs = new CopyOnWriteArrayList<>();
        Instant started = Instant.now();
        try (LocalRunner runner = LocalRunner.start(new RunnerConfig(
                dir,
                Map.of(
                        "AzureWebJobsStorage",
                        storage,
                        "AzureFunctionsWebHost__hostid",
                        hostId,
                        "MONITORED_SCHEDULE",
                        schedule),
                0,
                "k",
                null,
                runs::add))) {
            Waits.upTo(Duration.ofSeconds(20)).until(() -> runs.size() >= 3);
        }
        TimerRun first = runs.get(0);
        assertTrue(first.timerInfo().contains("\"IsPastDue\":true"), first.timerInfo());
        assertTrue(
                first.timerInfo().contains("\"Next\":\"" + TimerInfoJson.dateTime(missed) + "\""), first.timerInfo());
        assertTrue(
                runs.get(1).timerInfo().contains("\"IsPastDue\":false"),
                runs.get(1).timerInfo());
        String stored = hosts.getBlobClient(blob).downloadContent().toString();
        Instant last = OffsetDateTime.parse(JsonParser.parseString(stored)
                        .getAsJsonObject()
                        .get("Last")
                        .getAsString())
                .toInstant();
        assertTrue(!last.isBefore(started.truncatedTo(ChronoUnit.SECONDS)), "Last recorded by the runs: " + stored);
        assertEquals(
                // Last is the occurrence the last run was for (or when it started, if later).
                runs.get(runs.size() - 1).scheduledFor().truncatedTo(ChronoUnit.SECONDS),
                last.truncatedTo(ChronoUnit.SECONDS),
                stored);
    }
}
