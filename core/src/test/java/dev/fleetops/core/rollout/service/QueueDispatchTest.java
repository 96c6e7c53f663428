package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.firmware.PackageLinks;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 4: a tick hands its intents to queue-triggered workers instead of calling the devices, and the next
 * tick saves what the workers answered, only where the device's row is still the call's intent.
 */
class QueueDispatchTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> called = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> offline = Collections.synchronizedSet(new java.util.HashSet<>());

    /** The queue: messages as a Storage queue would carry them (text), taken in order. */
    private final List<String> queue = Collections.synchronizedList(new ArrayList<>());

    private boolean queueDown;

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private final DispatchQueue dispatchQueue = new DispatchQueue() {
        @Override
        public void send(DispatchBatch batch) {
            if (queueDown) {
                throw new IllegalStateException("queue down");
            }
            queue.add(batch.toJson());
        }

        @Override
        public int waiting() {
            return queue.size();
        }
    };

    private dev.fleetops.core.hub.MethodInvoker devices() {
        return (device, method, payload) -> {
            called.add(device);
            if (offline.contains(device)) {
                return new HubFailure(HubFailure.Kind.DEVICE_OFFLINE, 404, 404103, "offline", null);
            }
            return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
        };
    }

    private RolloutTicker ticker() {
        return new RolloutTicker(
                store,
                (q, m) -> List.<JsonObject>of(),
                (d, m, p) -> {
                    throw new AssertionError("the ticker called " + d + " itself");
                },
                DesiredWriter.NONE,
                clock,
                pool,
                DispatchPacer.UNLIMITED,
                DispatchWindow.fixed(64),
                Duration.ofSeconds(30),
                PackageLinks.NONE,
                dispatchQueue);
    }

    private DispatchWorker worker() {
        return new DispatchWorker(
                store, devices(), DesiredWriter.NONE, clock, pool, DispatchPacer.UNLIMITED, DispatchWindow.fixed(16));
    }

    private String create(int devices) {
        String ids =
                IntStream.range(0, devices).mapToObj(i -> "\"dev-" + i + "\"").collect(Collectors.joining(","));
        return assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        new RolloutService(store, clock)
                                .create(
                                        StrictJson.parseObject(
                                                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[" + ids + "]}}"),
                                        null,
                                        "t"))
                .rollout()
                .rollout()
                .id();
    }

    private List<DispatchWorker.Report> runWorkers() {
        List<DispatchWorker.Report> reports = new ArrayList<>();
        DispatchWorker worker = worker();
        while (!queue.isEmpty()) {
            reports.add(worker.handle(DispatchBatch.parse(queue.remove(0)), false));
        }
        return reports;
    }

    private DeviceExecution row(String id, String device) {
        return store.executions(id).stream()
                .filter(e -> e.deviceId().equals(device))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aTickQueuesItsIntentsAndTheNextSavesTheWorkersAnswers() {
        String id = create(120);
        RolloutTicker ticker = ticker();
        RolloutTicker.TickReport first = ticker.tick(id);

        assertEquals(120, first.dispatched());
        assertEquals(0, called.size(), "the tick called nobody itself");
        assertEquals(15, queue.size(), "120 devices in messages of 64 / 8 = 8 (the window holds 64)");
        assertEquals(
                dev.fleetops.core.rollout.RolloutEngine.DISPATCHING,
                row(id, "dev-7").lastDetail());

        List<DispatchWorker.Report> reports = runWorkers();
        assertEquals(
                120, reports.stream().mapToInt(DispatchWorker.Report::calls).sum());
        assertEquals(120, store.answers(id, 1000).size());
        assertEquals(
                dev.fleetops.core.rollout.RolloutEngine.DISPATCHING,
                row(id, "dev-7").lastDetail(),
                "workers never write rows");

        clock.advance(Duration.ofSeconds(30));
        ticker.tick(id);
        assertEquals("accepted", row(id, "dev-7").lastDetail());
        assertEquals(0, store.answers(id, 1000).size(), "answers are forgotten once saved");
        StoredRollout op = store.get(id).orElseThrow();
        assertEquals(120L, op.tally().all().get(ExecutionState.IN_PROGRESS));
        assertEquals(List.copyOf(new java.util.TreeSet<>(called)).size(), 120, "each device called once");
    }

    @Test
    void anOfflineDeviceGoesBackToTheQueueAsOffline() {
        String id = create(3);
        offline.add("dev-1");
        RolloutTicker ticker = ticker();
        ticker.tick(id);
        runWorkers();
        clock.advance(Duration.ofSeconds(5)); // before its offline backoff ends, so this tick does not send it again
        ticker.tick(id);
        assertEquals(ExecutionState.QUEUED, row(id, "dev-1").state());
        assertEquals(QueueReason.OFFLINE, row(id, "dev-1").queueReason());
        assertEquals(0, row(id, "dev-1").attempt(), "an offline try uses no attempt");
    }

    @Test
    void aMessageDeliveredAgainAfterItsAnswersWereSavedCallsNobody() {
        String id = create(10);
        RolloutTicker ticker = ticker();
        ticker.tick(id);
        String message = queue.get(0);
        runWorkers();
        clock.advance(Duration.ofSeconds(30));
        ticker.tick(id);
        called.clear();

        DispatchWorker.Report again = worker().handle(DispatchBatch.parse(message), true);
        assertEquals(8, again.skipped(), "the first message's 8 devices");
        assertEquals(0, called.size());
    }

    @Test
    void aCancelBeforeTheWorkerRunsSendsNothingAndTheDevicesEndCanceled() {
        String id = create(5);
        RolloutTicker ticker = ticker();
        ticker.tick(id);
        assertInstanceOf(
                RolloutControl.Outcome.Done.class,
                new RolloutControl(store, clock).apply(id, RolloutControl.Command.CANCEL, null, "op"));
        List<DispatchWorker.Report> reports = runWorkers();
        assertEquals(0, called.size(), "the worker saw the cancel");
        assertEquals(
                5, reports.stream().mapToInt(DispatchWorker.Report::notSent).sum());
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(30));
            ticker.tick(id);
        }
        for (int i = 0; i < 5; i++) {
            DeviceExecution e = row(id, "dev-" + i);
            assertTrue(e.state().isTerminal(), "dev-" + i + " ended: " + e);
        }
    }

    @Test
    void aQueueThatCannotTakeTheMessagePutsTheDevicesBackUnsent() {
        String id = create(4);
        queueDown = true;
        ticker().tick(id);
        for (int i = 0; i < 4; i++) {
            DeviceExecution e = row(id, "dev-" + i);
            assertEquals(ExecutionState.QUEUED, e.state());
            assertEquals(0, e.attempt(), "no attempt used");
        }
    }

    @Test
    void aTickPlansFewerDevicesWhileEarlierMessagesWait() {
        String id = create(200);
        RolloutTicker ticker = new RolloutTicker(
                store,
                (q, m) -> List.<JsonObject>of(),
                devices(),
                DesiredWriter.NONE,
                clock,
                pool,
                new DispatchPacer(2, System::nanoTime, n -> {}),
                DispatchWindow.fixed(64),
                Duration.ofSeconds(50),
                PackageLinks.NONE,
                dispatchQueue);
        assertEquals(100, ticker.tick(id).dispatched(), "2/s for 50 s");
        clock.advance(Duration.ofSeconds(50));
        assertEquals(0, ticker.tick(id).dispatched(), "13 messages of 8 still wait: nothing more is planned");
    }
}
