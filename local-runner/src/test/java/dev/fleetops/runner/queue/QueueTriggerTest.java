package dev.fleetops.runner.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.BinaryData;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;
import dev.fleetops.runner.FakeApp;
import dev.fleetops.runner.LocalRunner;
import dev.fleetops.runner.RunnerConfig;
import dev.fleetops.runner.TestStorage;
import dev.fleetops.runner.fake.FakeQueueFunctions;
import dev.fleetops.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue-triggered functions from the test classes, run by a runner in process against Azurite. */
class QueueTriggerTest {
    private static final String FN = "dev.fleetops.runner.fake.FakeQueueFunctions.";

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private final List<QueueRun> runs = new CopyOnWriteArrayList<>();
    private final List<LocalRunner> runners = new ArrayList<>();
    private String storage;

    @BeforeEach
    void share() {
        storage = TestStorage.connectionString();
        System.getProperties().put(FakeQueueFunctions.SEEN, seen);
    }

    @AfterEach
    void stop() {
        runners.forEach(LocalRunner::close);
    }

    private QueueClient queue(String name, QueueMessageEncoding encoding) {
        QueueClient q = new QueueClientBuilder()
                .connectionString(storage)
                .queueName(name)
                .messageEncoding(encoding)
                .buildClient();
        q.createIfNotExists();
        return q;
    }

    private LocalRunner start(Map<String, String> settings, RunnerConfig.Tuning tuning) {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("AzureWebJobsStorage", storage);
        LocalRunner runner = LocalRunner.start(new RunnerConfig(dir, env, 0, "k", null, null, null, runs::add, tuning));
        runners.add(runner);
        return runner;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<String> seenBy(String function) {
        return seen.stream().filter(s -> s.startsWith(function + "|")).toList();
    }

    @Test
    void base64MessagesArriveDecodedWithTheirMetadataFromAQueueNamedByASetting() throws Exception {
        String name = unique("echo");
        new FakeApp(dir).queue("Echo", FN + "echo", "%ECHO_QUEUE%");
        QueueClient q = queue(name, QueueMessageEncoding.BASE64);
        // Upper case in the setting: the extension lower-cases the resolved name.
        start(Map.of("ECHO_QUEUE", name.toUpperCase()), null);
        String id = q.sendMessage("hello, wörld").getMessageId();

        Waits.upTo(Duration.ofSeconds(20)).until(() -> !seenBy("Echo").isEmpty());
        String[] got = seenBy("Echo").get(0).split("\\|");
        assertEquals("hello, wörld", got[1]);
        assertEquals("1", got[2], "DequeueCount");
        assertEquals(id, got[3], "Id");
        assertTrue(got[4].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), "InsertionTime " + got[4]);
        Waits.upTo(Duration.ofSeconds(10)).until(() -> q.getProperties().getApproximateMessagesCount() == 0);
    }

    @Test
    void aJsonMessageBindsToAPojoAndABinaryOneToBytes() throws Exception {
        new FakeApp(dir).queue("Pojo", FN + "pojo", "pojo-orders").function("Bytes", FN + "bytes", """
                        {"type":"queueTrigger","direction":"in","name":"message","queueName":"binary-in",
                         "connection":"AzureWebJobsStorage","dataType":"binary"}""");
        QueueClient orders = queue("pojo-orders", QueueMessageEncoding.BASE64);
        QueueClient binary = queue("binary-in", QueueMessageEncoding.BASE64);
        start(Map.of(), null);
        orders.sendMessage("{\"device\":\"dev-7\",\"count\":3}");
        binary.sendMessage(BinaryData.fromBytes(new byte[] {(byte) 0xff, 0, 1}));

        Waits.upTo(Duration.ofSeconds(20))
                .until(() -> seenBy("Pojo").size() == 1 && seenBy("Bytes").size() == 1);
        assertEquals("Pojo|dev-7|3", seenBy("Pojo").get(0));
        assertEquals("Bytes|3|255", seenBy("Bytes").get(0));
    }

    @Test
    void aFailingMessageIsRetriedUntilMaxDequeueCountThenMovedToThePoisonQueue() throws Exception {
        String name = unique("fails");
        new FakeApp(dir).hostJson("""
                        {"version":"2.0","extensions":{"queues":{"maxDequeueCount":3}}}""").queue("Echo", FN + "echo", "%ECHO_QUEUE%");
        QueueClient q = queue(name, QueueMessageEncoding.BASE64);
        QueueClient poison = new QueueClientBuilder()
                .connectionString(storage)
                .queueName(name + "-poison")
                .messageEncoding(QueueMessageEncoding.BASE64)
                .buildClient();
        start(Map.of("ECHO_QUEUE", name), null);
        q.sendMessage("fail me");

        // The poison queue does not exist until the listener creates it.
        Waits.upTo(Duration.ofSeconds(30)).until(() -> {
            try {
                return poison.getProperties().getApproximateMessagesCount() == 1;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        assertEquals(
                List.of("1", "2", "3"),
                seenBy("Echo").stream().map(s -> s.split("\\|")[2]).toList(),
                "tried with DequeueCount 1, 2, 3, then moved");
        QueueMessageItem moved = poison.receiveMessage();
        assertEquals("fail me", moved.getBody().toString());
        assertEquals(0, q.getProperties().getApproximateMessagesCount());
        assertTrue(
                runs.stream().filter(r -> r.phase() == QueueRun.Phase.FINISHED).noneMatch(QueueRun::succeeded));
    }

    @Test
    void aMessageThatIsNotBase64GoesToThePoisonQueueAsItIsWithoutAnInvocation() throws Exception {
        String name = unique("raw");
        new FakeApp(dir).queue("Echo", FN + "echo", "%ECHO_QUEUE%");
        QueueClient raw = queue(name, QueueMessageEncoding.NONE);
        QueueClient poison = new QueueClientBuilder()
                .connectionString(storage)
                .queueName(name + "-poison")
                .messageEncoding(QueueMessageEncoding.NONE)
                .buildClient();
        start(Map.of("ECHO_QUEUE", name), null);
        raw.sendMessage("not base64 at all!");

        Waits.upTo(Duration.ofSeconds(20)).until(() -> {
            try {
                return poison.getProperties().getApproximateMessagesCount() == 1;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        assertEquals("not base64 at all!", poison.receiveMessage().getBody().toString());
        assertEquals(0, raw.getProperties().getApproximateMessagesCount());
        assertEquals(List.of(), seenBy("Echo"));
    }

    @Test
    void atMostBatchSizePlusNewBatchThresholdMessagesRunAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        System.getProperties().put(FakeQueueFunctions.RUNNING, running);
        System.getProperties().put(FakeQueueFunctions.MOST_RUNNING, most);
        new FakeApp(dir).hostJson("""
                        {"version":"2.0","extensions":{"queues":{"batchSize":4,"newBatchThreshold":2}}}""").queue("Busy", FN + "busy", "busy");
        QueueClient q = queue("busy", QueueMessageEncoding.BASE64);
        q.clearMessages();
        for (int i = 0; i < 24; i++) {
            q.sendMessage(Integer.toString(1 + i % 4));
        }
        start(Map.of(), null);

        Waits.upTo(Duration.ofSeconds(60))
                .until(() -> runs.stream().filter(QueueRun::succeeded).count() == 24);
        int reported = runs.stream().mapToInt(QueueRun::inFlight).max().orElse(0);
        assertTrue(most.get() <= 6, "at most 4 + 2 at once, saw " + most.get());
        assertTrue(reported <= 6, "at most 4 + 2 in flight, saw " + reported);
        // A new batch was fetched while the last ones still ran: more than one batch at once.
        assertTrue(most.get() > 4, "batches overlap once in-flight drops to 2, saw at most " + most.get());
    }

    @Test
    void anEmptyQueueIsPolledLessAndLessOftenAndAMessageResetsTheBackOff() throws Exception {
        String name = unique("idle");
        new FakeApp(dir).hostJson("""
                        {"version":"2.0","extensions":{"queues":{"maxPollingInterval":"00:00:01"}}}""").queue("Echo", FN + "echo", "%ECHO_QUEUE%");
        QueueClient q = queue(name, QueueMessageEncoding.BASE64);
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        CountDownLatch resume = new CountDownLatch(1);
        CountDownLatch twelve = new CountDownLatch(1);
        PollPause recorder = (queue, delay) -> {
            pauses.add(delay);
            if (pauses.size() == 8) {
                resume.await();
            } else if (pauses.size() == 12) {
                twelve.countDown();
                Thread.sleep(Long.MAX_VALUE); // parked until the runner stops
            }
        };
        LocalRunner runner = start(Map.of("ECHO_QUEUE", name), new RunnerConfig.Tuning(null, recorder, null));
        Waits.upTo(Duration.ofSeconds(20)).until(() -> pauses.size() == 8);
        q.sendMessage("wake up");
        resume.countDown();
        twelve.await();

        long[] ms = pauses.stream().mapToLong(Duration::toMillis).toArray();
        assertEquals(100, ms[0], "starts at QueuePollingIntervals.Minimum " + pauses);
        assertBetween(180, 220, ms[1], pauses);
        assertBetween(260, 340, ms[2], pauses);
        assertBetween(420, 580, ms[3], pauses);
        assertBetween(740, 1000, ms[4], pauses);
        assertEquals(1000, ms[5], "capped at maxPollingInterval " + pauses);
        assertEquals(1000, ms[7], "stays at the cap " + pauses);
        assertEquals(100, ms[8], "a poll that found a message resets the back-off " + pauses);
        assertBetween(180, 220, ms[9], pauses);
        assertEquals(
                List.of("wake up"),
                seenBy("Echo").stream().map(s -> s.split("\\|")[1]).toList());
        // One receive per pause, plus the one that found the message.
        assertEquals(13, runner.queueListeners().get(0).receiveCalls());
    }

    private static void assertBetween(long low, long high, long actual, List<Duration> all) {
        assertTrue(actual >= low && actual <= high, low + " <= " + actual + " <= " + high + " in " + all);
    }

    @Test
    void aLongRunningMessageStaysInvisibleWhileItRunsThenIsDeleted() throws Exception {
        String name = unique("long");
        new FakeApp(dir).queue("Echo", FN + "echo", "%ECHO_QUEUE%");
        QueueClient q = queue(name, QueueMessageEncoding.BASE64);
        CountDownLatch hold = new CountDownLatch(1);
        System.getProperties().put(FakeQueueFunctions.HOLD, hold);
        // Messages invisible for 2 s, renewed every 1 s (half), instead of 10 min and 5 min.
        LocalRunner runner =
                start(Map.of("ECHO_QUEUE", name), new RunnerConfig.Tuning(null, null, Duration.ofSeconds(2)));
        q.sendMessage("hold on");
        QueueListener listener = runner.queueListeners().get(0);
        // Three renewals: 3 s into the run, past the 2 s the message was received invisible for.
        Waits.upTo(Duration.ofSeconds(20)).until(() -> listener.visibilityRenewals() >= 3);
        assertEquals(null, q.peekMessage(), "still invisible while the function runs");
        hold.countDown();
        Waits.upTo(Duration.ofSeconds(10)).until(() -> runs.stream().anyMatch(QueueRun::succeeded));
        Waits.upTo(Duration.ofSeconds(10)).until(() -> q.getProperties().getApproximateMessagesCount() == 0);
        assertEquals(
                1,
                runs.stream().filter(r -> r.phase() == QueueRun.Phase.STARTED).count(),
                runs.toString());
    }

    /** As the host's indexing: the function is in error with the extension's message, and not listened to. */
    @Test
    void anInvalidQueueNameOrAMissingConnectionPutsTheFunctionInErrorWithTheHostsMessage() throws Exception {
        new FakeApp(dir).queue("Echo", FN + "echo", "%ECHO_QUEUE%");
        try (LocalRunner bad = LocalRunner.start(new RunnerConfig(
                dir,
                Map.of("AzureWebJobsStorage", TestStorage.connectionString(), "ECHO_QUEUE", "orders_in"),
                0,
                "k",
                null,
                null))) {
            assertTrue(bad.queueListeners().isEmpty(), "no listener for a function in error");
            assertTrue(
                    bad.banner().stream()
                            .anyMatch(l -> l.contains("Echo: NOT SERVED, in error")
                                    && l.contains(
                                            "A queue name can contain only letters, numbers, and dash(-) characters")),
                    bad.banner().toString());
        }
        try (LocalRunner missing =
                LocalRunner.start(new RunnerConfig(dir, Map.of("ECHO_QUEUE", "orders"), 0, "k", null, null))) {
            assertTrue(
                    missing.banner().stream()
                            .anyMatch(l -> l.contains("Echo: NOT SERVED, in error")
                                    && l.contains(
                                            "Storage account connection string 'AzureWebJobsStorage' does not exist")),
                    missing.banner().toString());
        }
    }
}
