package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import dev.fleetops.runner.fake.FakeQueueFunctions;
import dev.fleetops.runner.queue.QueueRun;
import dev.fleetops.runner.timer.TimerRun;
import dev.fleetops.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runner instances of one app, sharing settings and one Azurite, as two hosts of one function app share a
 * storage account: a timer runs on one of them at a time, and a queue's messages are shared between them.
 */
class TwoInstancesTest {
    private static final String TIMERS = "dev.fleetops.runner.fake.FakeTimerFunctions.";
    private static final String QUEUES = "dev.fleetops.runner.fake.FakeQueueFunctions.";

    @TempDir
    Path dir;

    private Map<String, String> settings(String storage) {
        Map<String, String> env = new HashMap<>();
        env.put("AzureWebJobsStorage", storage);
        // One host id per test run, so leases left by other runs do not matter.
        env.put(
                "AzureFunctionsWebHost__hostid",
                "runner-it-" + UUID.randomUUID().toString().substring(0, 8));
        env.put("TICK_SCHEDULE", "*/1 * * * * *");
        return env;
    }

    private static LocalRunner start(
            Path app, Map<String, String> env, List<TimerRun> timerRuns, List<QueueRun> queueRuns) {
        return LocalRunner.start(new RunnerConfig(
                app,
                env,
                0,
                "k",
                null,
                timerRuns::add,
                null,
                queueRuns::add,
                new RunnerConfig.Tuning(Duration.ofMillis(500), null, null)));
    }

    @Test
    void aTimerFiresOnExactlyOneInstanceAndMovesToTheOtherWhenItStops() throws Exception {
        String storage = TestStorage.connectionString();
        new FakeApp(dir).timer("Tick", TIMERS + "tick", "%TICK_SCHEDULE%");
        Map<String, String> env = settings(storage);
        List<TimerRun> first = new CopyOnWriteArrayList<>();
        List<TimerRun> second = new CopyOnWriteArrayList<>();
        LocalRunner a = start(dir, env, first, new CopyOnWriteArrayList<>());
        LocalRunner b = null;
        try {
            Waits.upTo(Duration.ofSeconds(20)).until(() -> first.size() >= 1);
            b = start(dir, env, second, new CopyOnWriteArrayList<>());
            int before = first.size();
            // Several more seconds of the one-second timer, with b polling for the lock every 500 ms all along.
            Waits.upTo(Duration.ofSeconds(20)).until(() -> first.size() >= before + 4);
            assertEquals(List.of(), second, "the second instance does not hold the lock, so it does not fire");

            BlobContainerClient hosts = new BlobServiceClientBuilder()
                    .connectionString(storage)
                    .buildClient()
                    .getBlobContainerClient("azure-webjobs-hosts");
            String blob = "locks/" + env.get("AzureFunctionsWebHost__hostid") + "/Host.Functions.Tick.Listener";
            assertEquals(
                    LeaseStateType.LEASED,
                    hosts.getBlobClient(blob).getProperties().getLeaseState());

            a.close();
            int stoppedAt = first.size();
            Waits.upTo(Duration.ofSeconds(20)).until(() -> second.size() >= 2);
            assertEquals(stoppedAt, first.size(), "the stopped instance no longer fires");
            Set<Object> occurrences = new HashSet<>();
            Stream.concat(first.stream(), second.stream())
                    .forEach(r -> assertTrue(occurrences.add(r.scheduledFor()), "fired twice for " + r.scheduledFor()));
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }

    @Test
    void aQueuesMessagesAreSharedBetweenInstancesAndEachIsProcessedOnce() throws Exception {
        String storage = TestStorage.connectionString();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        System.getProperties().put(FakeQueueFunctions.SEEN, seen);
        String name = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        new FakeApp(dir).hostJson("""
                        {"version":"2.0","extensions":{"queues":{"batchSize":2,"newBatchThreshold":0}}}""").queue("Echo", QUEUES + "echo", "%ECHO_QUEUE%");
        Map<String, String> env = settings(storage);
        env.put("ECHO_QUEUE", name);
        QueueClient q = new QueueClientBuilder()
                .connectionString(storage)
                .queueName(name)
                .buildClient();
        q.create();
        List<QueueRun> first = new CopyOnWriteArrayList<>();
        List<QueueRun> second = new CopyOnWriteArrayList<>();
        try (LocalRunner a = start(dir, env, new CopyOnWriteArrayList<>(), first);
                LocalRunner b = start(dir, env, new CopyOnWriteArrayList<>(), second)) {
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                sent.add(q.sendMessage(com.azure.core.util.BinaryData.fromString(
                                java.util.Base64.getEncoder().encodeToString(("slow " + i).getBytes())))
                        .getMessageId());
            }
            Waits.upTo(Duration.ofSeconds(60))
                    .until(() -> Stream.concat(first.stream(), second.stream())
                                    .filter(QueueRun::succeeded)
                                    .count()
                            >= 30);
            List<String> done = Stream.concat(first.stream(), second.stream())
                    .filter(QueueRun::succeeded)
                    .map(QueueRun::messageId)
                    .toList();
            assertEquals(sent, new HashSet<>(done));
            assertEquals(30, done.size(), "each message processed once");
            assertTrue(first.stream().anyMatch(QueueRun::succeeded), "the first instance took some");
            assertTrue(second.stream().anyMatch(QueueRun::succeeded), "the second instance took some");
            Waits.upTo(Duration.ofSeconds(10)).until(() -> q.getProperties().getApproximateMessagesCount() == 0);
        }
    }
}
