package dev.fleetops.core.rollout;

import static dev.fleetops.core.rollout.FleetSimulation.Behaviour.FAIL;
import static dev.fleetops.core.rollout.FleetSimulation.Behaviour.FAIL_ONCE;
import static dev.fleetops.core.rollout.FleetSimulation.Behaviour.OFFLINE;
import static dev.fleetops.core.rollout.FleetSimulation.Behaviour.REJECT;
import static dev.fleetops.core.rollout.FleetSimulation.Behaviour.REMOVED;
import static dev.fleetops.core.rollout.FleetSimulation.Behaviour.SILENT;
import static dev.fleetops.core.rollout.FleetSimulation.Behaviour.THROTTLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutEngineTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static RolloutConfig config(
            WavePlan waves, double success, List<AbortCriterion> abort, RetryPolicy retry, int perMinute) {
        return new RolloutConfig(
                waves, success, abort, RatePolicy.fixed(perMinute), Duration.ofMinutes(10), retry, null, null, null);
    }

    /** One wave, no success threshold, no abort criteria, no retries, {@code perMinute} dispatches a minute. */
    private static RolloutConfig plain(int perMinute) {
        return config(WavePlan.single(), 0, List.of(), RetryPolicy.none(), perMinute);
    }

    /** A plain one-wave rollout of 100 a minute that starts at {@code start} (null: now) and ends by {@code deadline}. */
    private static RolloutConfig timed(Instant start, Instant deadline) {
        return new RolloutConfig(
                WavePlan.single(),
                0,
                List.of(),
                RatePolicy.fixed(100),
                Duration.ofMinutes(10),
                RetryPolicy.none(),
                start,
                deadline,
                null);
    }

    /** 50 devices, a 10% canary wave that all fails, aborting at 30% failures: run until it settles. */
    private static FleetSimulation failedCanary() {
        FleetSimulation sim = new FleetSimulation(
                config(
                        new WavePlan(List.of(10.0, 100.0), true),
                        100,
                        List.of(new AbortCriterion(FailureType.ALL, 3, 30.0)),
                        RetryPolicy.none(),
                        1000),
                50);
        sim.wave(0).forEach(id -> sim.behaviour.put(id, FAIL));
        sim.runUntilSettled(10, MINUTE);
        return sim;
    }

    private static Rollout restored(RolloutState state, RolloutConfig config, Instant at) {
        return Rollout.restore("op", state, config, 0, at, at, null);
    }

    /** The rollout after a command that must apply. */
    private static Rollout applied(CommandResult result) {
        return assertInstanceOf(CommandResult.Applied.class, result).plan().rollout();
    }

    @Test
    void aFailingCanaryAbortsTheRolloutBeforeTheNextWave() {
        FleetSimulation sim = failedCanary();
        assertEquals(RolloutState.ABORTED, sim.rollout.state());
        assertTrue(
                sim.rollout.reason().contains("ALL 100.00% (5 of 5 finished) reached the 30.00% abort threshold"),
                sim.rollout.reason());
        assertEquals(5, sim.dispatched.size(), "only the canary was dispatched");
        assertEquals(45, sim.count(ExecutionState.CANCELED));
    }

    @Test
    void aHealthyRolloutOpensWaveAfterWaveAndCompletes() {
        FleetSimulation sim = new FleetSimulation(
                config(new WavePlan(List.of(1.0, 10.0, 50.0, 100.0), true), 90, List.of(), RetryPolicy.none(), 1000),
                200);
        sim.runUntilSettled(20, MINUTE);
        assertEquals(RolloutState.COMPLETED, sim.rollout.state());
        assertEquals(200, sim.count(ExecutionState.SUCCEEDED));
        assertTrue(sim.events.stream().anyMatch(e -> e.startsWith("wave 3 opened")), sim.events.toString());
        assertEquals(200, sim.dispatched.stream().distinct().count());
    }

    @Test
    void failedDevicesAreRetriedWithANewAttemptAndTheRolloutCompletes() {
        RetryPolicy retry = new RetryPolicy(2, FailureType.ALL, Duration.ofSeconds(30), Duration.ofMinutes(5));
        FleetSimulation sim = new FleetSimulation(config(WavePlan.single(), 0, List.of(), retry, 1000), 20);
        List.of("dev-003", "dev-007").forEach(id -> sim.behaviour.put(id, FAIL_ONCE));
        sim.runUntilSettled(10, MINUTE);
        assertEquals(RolloutState.COMPLETED, sim.rollout.state());
        assertEquals(20, sim.count(ExecutionState.SUCCEEDED));
        assertEquals(2, sim.executions.get("dev-003").attempt());
        assertEquals(
                "op-1.a2",
                RolloutEngine.attemptOperationId(
                        "op-1", sim.executions.get("dev-003").attempt()));
    }

    @Test
    void aStaleReportOfAnEarlierAttemptIsIgnored() {
        RetryPolicy retry = new RetryPolicy(1, FailureType.ALL, Duration.ofSeconds(30), Duration.ofMinutes(5));
        Rollout r = restored(RolloutState.RUNNING, config(WavePlan.single(), 0, List.of(), retry, 1000), Instant.EPOCH);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        DeviceExecution second =
                DeviceExecution.restore("d", 0, ExecutionState.IN_PROGRESS, 2, null, t, t, "accepted", null);
        TickPlan plan = RolloutEngine.tick(
                r,
                Map.of("d", second),
                Map.of("d", new Observation(1, ExecutionState.FAILED, "downloadFailed", null)),
                Integer.MAX_VALUE,
                t.plusSeconds(5));
        assertTrue(plan.changed().isEmpty(), "attempt 1's failure says nothing about attempt 2");
    }

    @Test
    void aQueuedDeviceThatActedOnItsDesiredGoalIsTrackedAsTheNextAttempt() {
        Rollout r = restored(RolloutState.RUNNING, plain(1000), Instant.EPOCH);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        DeviceExecution offline = DeviceExecution.restore(
                "d",
                0,
                ExecutionState.QUEUED,
                0,
                t.plusSeconds(60),
                null,
                t,
                "offline",
                null,
                QueueReason.OFFLINE,
                null);
        TickPlan plan = RolloutEngine.tick(
                r,
                Map.of("d", offline),
                Map.of("d", new Observation(1, ExecutionState.SUCCEEDED, "applyComplete", null)),
                Integer.MAX_VALUE,
                t.plusSeconds(5));
        assertEquals(ExecutionState.SUCCEEDED, plan.changed().get(0).state());
        assertEquals(1, plan.changed().get(0).attempt());
        assertEquals(RolloutState.COMPLETED, plan.rollout().state());
    }

    @Test
    void aWaveThatFinishesBelowItsSuccessThresholdPausesAndResumeOpensTheNextWave() {
        FleetSimulation sim = new FleetSimulation(
                config(new WavePlan(List.of(20.0, 100.0), true), 80, List.of(), RetryPolicy.none(), 1000), 10);
        sim.behaviour.put(sim.wave(0).get(0), FAIL);
        sim.runUntilSettled(10, MINUTE);
        assertEquals(RolloutState.PAUSED, sim.rollout.state());
        assertTrue(
                sim.rollout.reason().contains("wave 0 finished with 50.0% success, below the 80.0% threshold"),
                sim.rollout.reason());
        CommandResult.Applied resumed = assertInstanceOf(
                CommandResult.Applied.class, RolloutCommands.resume(sim.rollout, sim.executions, sim.now, "alice"));
        sim.rollout = resumed.plan().rollout();
        assertEquals(1, sim.rollout.openWave());
        sim.runUntilSettled(10, MINUTE);
        assertEquals(RolloutState.COMPLETED, sim.rollout.state());
    }

    @Test
    void theRateLimitSpacesDispatchesPerMinute() {
        FleetSimulation sim = new FleetSimulation(plain(10), 35);
        sim.behaviour.replaceAll((k, v) -> SILENT);
        assertEquals(10, sim.step(Duration.ZERO).dispatch().size());
        assertEquals(0, sim.step(Duration.ofSeconds(30)).dispatch().size());
        assertEquals(10, sim.step(Duration.ofSeconds(31)).dispatch().size());
    }

    @Test
    void silentDevicesTimeOutAfterThePerDeviceTimeout() {
        FleetSimulation sim = new FleetSimulation(plain(1000), 3);
        sim.behaviour.put("dev-001", SILENT);
        sim.step(Duration.ZERO);
        sim.step(Duration.ofMinutes(9));
        assertEquals(ExecutionState.IN_PROGRESS, sim.executions.get("dev-001").state());
        sim.step(Duration.ofMinutes(1));
        assertEquals(ExecutionState.TIMED_OUT, sim.executions.get("dev-001").state());
        assertEquals(RolloutState.COMPLETED, sim.rollout.state());
    }

    @Test
    void offlineDevicesAreRetriedUntilTheyComeBackWithoutUsingRetries() {
        FleetSimulation sim = new FleetSimulation(plain(1000), 4);
        sim.behaviour.put("dev-002", OFFLINE);
        sim.offlineUntilTick.put("dev-002", 4);
        sim.runUntilSettled(20, MINUTE);
        assertEquals(RolloutState.COMPLETED, sim.rollout.state());
        assertEquals(ExecutionState.SUCCEEDED, sim.executions.get("dev-002").state());
        assertEquals(1, sim.executions.get("dev-002").attempt());
        assertTrue(sim.dispatched.stream().filter("dev-002"::equals).count() >= 3);
    }

    @Test
    void devicesStillOfflineAtTheDeadlineTimeOut() {
        Instant start = Instant.parse("2026-06-01T00:00:00Z");
        RolloutConfig cfg = timed(null, start.plus(Duration.ofMinutes(30)));
        FleetSimulation sim = new FleetSimulation(cfg, 2);
        sim.behaviour.put("dev-000", OFFLINE);
        sim.runUntilSettled(40, MINUTE);
        assertEquals(RolloutState.COMPLETED, sim.rollout.state());
        assertEquals(ExecutionState.TIMED_OUT, sim.executions.get("dev-000").state());
        assertEquals("deviceOffline", sim.executions.get("dev-000").error().code());
    }

    @Test
    void rejectionsAreFinalAndCountTowardsAbort() {
        FleetSimulation sim = new FleetSimulation(
                config(
                        WavePlan.single(),
                        0,
                        List.of(new AbortCriterion(FailureType.REJECTED, 2, 50.0)),
                        RetryPolicy.none(),
                        1000),
                4);
        sim.behaviour.replaceAll((k, v) -> REJECT);
        sim.step(Duration.ZERO);
        sim.step(MINUTE);
        assertEquals(RolloutState.ABORTED, sim.rollout.state());
    }

    @Test
    void aRepeatedTickOverTheSameStateDecidesTheSameDispatch() {
        FleetSimulation sim = new FleetSimulation(
                config(new WavePlan(List.of(50.0, 100.0), true), 100, List.of(), RetryPolicy.none(), 7), 30);
        Rollout running = sim.rollout.to(RolloutState.RUNNING, sim.now, null);
        TickPlan a = RolloutEngine.tick(running, sim.executions, Map.of(), Integer.MAX_VALUE, sim.now);
        TickPlan b = RolloutEngine.tick(running, sim.executions, Map.of(), Integer.MAX_VALUE, sim.now);
        assertEquals(a.dispatch(), b.dispatch());
        assertEquals(7, a.dispatch().size());
        assertTrue(a.dispatch().stream().allMatch(id -> sim.executions.get(id).wave() == 0));
    }

    @Test
    void aScheduledRolloutWaitsForItsStartTime() {
        Instant start = Instant.parse("2026-06-01T01:00:00Z");
        RolloutConfig cfg = timed(start, null);
        FleetSimulation sim = new FleetSimulation(cfg, 3);
        assertTrue(sim.step(Duration.ofMinutes(30)).dispatch().isEmpty());
        assertEquals(RolloutState.SCHEDULED, sim.rollout.state());
        assertEquals(3, sim.step(Duration.ofMinutes(30)).dispatch().size());
    }

    @Test
    void operatorCommandsMoveTheOperationAndRefuseWhatDoesNotApply() {
        FleetSimulation sim = new FleetSimulation(plain(2), 6);
        sim.behaviour.replaceAll((k, v) -> SILENT);
        sim.step(Duration.ZERO);
        CommandResult.Applied paused =
                assertInstanceOf(CommandResult.Applied.class, RolloutCommands.pause(sim.rollout, sim.now, "bob"));
        sim.rollout = paused.plan().rollout();
        assertTrue(sim.step(MINUTE).dispatch().isEmpty(), "paused operations dispatch nothing");
        assertInstanceOf(CommandResult.Refused.class, RolloutCommands.pause(sim.rollout, sim.now, "bob"));
        String queued = sim.executions.values().stream()
                .filter(e -> e.state() == ExecutionState.QUEUED)
                .findFirst()
                .orElseThrow()
                .deviceId();
        CommandResult.Applied one = assertInstanceOf(
                CommandResult.Applied.class,
                RolloutCommands.cancelDevice(sim.rollout, sim.executions.get(queued), sim.now, "bob"));
        assertEquals(ExecutionState.CANCELED, one.plan().changed().get(0).state());
        CommandResult.Applied canceled = assertInstanceOf(
                CommandResult.Applied.class, RolloutCommands.cancel(sim.rollout, sim.executions, sim.now, "bob"));
        assertEquals(RolloutState.CANCELED, canceled.plan().rollout().state());
        assertFalse(canceled.plan().changed().isEmpty());
        assertInstanceOf(
                CommandResult.Refused.class,
                RolloutCommands.resume(canceled.plan().rollout(), sim.executions, sim.now, "bob"));
    }

    @Test
    void retryFailedQueuesFailedDevicesAgainWhileTheOperationIsNotFinished() {
        // Until this change the operation here had completed and retry-failed reopened it; a finished
        // operation is final now, so a silent device keeps this one running while dev-001 fails.
        FleetSimulation sim = new FleetSimulation(plain(1000), 5);
        sim.behaviour.put("dev-001", FAIL_ONCE);
        sim.behaviour.put("dev-004", SILENT);
        sim.runUntilSettled(5, MINUTE);
        assertEquals(RolloutState.RUNNING, sim.rollout.state());
        assertEquals(ExecutionState.FAILED, sim.executions.get("dev-001").state());
        CommandResult.Applied retry = assertInstanceOf(
                CommandResult.Applied.class,
                RolloutCommands.retryFailed(sim.rollout, sim.executions, sim.now, "carol"));
        sim.rollout = retry.plan().rollout();
        retry.plan().changed().forEach(e -> sim.executions.put(e.deviceId(), e));
        assertEquals(QueueReason.RETRY_REQUESTED, sim.executions.get("dev-001").queueReason());
        assertEquals(
                "1 failed devices queued again by carol",
                retry.plan().events().get(0).text());
        sim.runUntilSettled(5, MINUTE);
        assertEquals(ExecutionState.SUCCEEDED, sim.executions.get("dev-001").state());
        assertEquals(2, sim.executions.get("dev-001").attempt());
    }

    @Test
    void aFinishedOperationIsFinalAndRetryNamesTheDevicesForANewOperation() {
        FleetSimulation completed = new FleetSimulation(plain(1000), 5);
        completed.behaviour.put("dev-001", FAIL);
        completed.runUntilSettled(5, MINUTE);
        assertEquals(RolloutState.COMPLETED, completed.rollout.state());
        CommandResult.RefusedFinished refused = assertInstanceOf(
                CommandResult.RefusedFinished.class,
                RolloutCommands.retryFailed(completed.rollout, completed.executions, completed.now, "carol"));
        assertEquals(List.of("dev-001"), refused.retryDeviceIds());
        assertFalse(refused.truncated());
        assertTrue(refused.reason().contains("finished operations are final"), refused.reason());

        // An abort canceled the devices it never dispatched: a new operation should target them too.
        FleetSimulation aborted = failedCanary();
        assertEquals(RolloutState.ABORTED, aborted.rollout.state());
        assertTrue(aborted.executions.values().stream()
                .filter(e -> e.state() == ExecutionState.CANCELED)
                .allMatch(e -> e.cancelReason() == CancelReason.OPERATION_ABORTED));
        CommandResult.RefusedFinished afterAbort = assertInstanceOf(
                CommandResult.RefusedFinished.class,
                RolloutCommands.retryFailed(aborted.rollout, aborted.executions, aborted.now, "carol"));
        assertEquals(50, afterAbort.retryDeviceIds().size());
        assertEquals(RolloutState.ABORTED, aborted.rollout.state(), "nothing reopened");
    }

    @Test
    void theRetryListOfAFinishedOperationIsCapped() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Rollout done = restored(RolloutState.COMPLETED, plain(1000), t);
        Map<String, DeviceExecution> devices = new java.util.LinkedHashMap<>();
        for (int i = 0; i < RolloutCommands.MAX_RETRY_IDS + 5; i++) {
            String id = String.format("dev-%05d", i);
            devices.put(
                    id,
                    DeviceExecution.restore(
                            id,
                            0,
                            i % 2 == 0 ? ExecutionState.FAILED : ExecutionState.TIMED_OUT,
                            1,
                            null,
                            t,
                            t,
                            "x",
                            null));
        }
        devices.put("ok", DeviceExecution.restore("ok", 0, ExecutionState.SUCCEEDED, 1, null, t, t, "x", null));
        CommandResult.RefusedFinished refused = assertInstanceOf(
                CommandResult.RefusedFinished.class, RolloutCommands.retryFailed(done, devices, t, "carol"));
        assertEquals(RolloutCommands.MAX_RETRY_IDS, refused.retryDeviceIds().size());
        assertTrue(refused.truncated());
        assertFalse(refused.retryDeviceIds().contains("ok"));
    }

    @Test
    void aPausedOperationWhoseDevicesAllFinishedStaysPausedUntilResumed() {
        FleetSimulation sim = new FleetSimulation(plain(1000), 3);
        sim.step(Duration.ZERO);
        sim.rollout = applied(RolloutCommands.pause(sim.rollout, sim.now, "bob"));
        sim.step(MINUTE);
        assertEquals(3, sim.count(ExecutionState.SUCCEEDED));
        assertEquals(RolloutState.PAUSED, sim.rollout.state(), "until this change it completed while paused");
        sim.rollout = applied(RolloutCommands.resume(sim.rollout, sim.executions, sim.now, "bob"));
        TickPlan next = sim.step(MINUTE);
        assertEquals(RolloutState.COMPLETED, sim.rollout.state());
        assertEquals("completed: succeeded=3", next.events().get(0).text());
    }

    @Test
    void anOperationPausedBeforeItsStartTimeWaitsForItAgainWhenResumed() {
        Instant start = Instant.parse("2026-06-01T01:00:00Z");
        RolloutConfig cfg = timed(start, null);
        FleetSimulation sim = new FleetSimulation(cfg, 2);
        sim.rollout = applied(RolloutCommands.pause(sim.rollout, sim.now, "bob"));
        sim.rollout = applied(RolloutCommands.resume(sim.rollout, sim.executions, sim.now, "bob"));
        assertEquals(RolloutState.SCHEDULED, sim.rollout.state(), "resuming is not starting early");
        assertTrue(sim.step(MINUTE).intents().isEmpty());
        assertEquals(RolloutState.SCHEDULED, sim.rollout.state());
        sim.now = start;
        assertEquals(2, sim.step(Duration.ZERO).intents().size());
        assertEquals(RolloutState.RUNNING, sim.rollout.state());
    }

    @Test
    void aDeviceTheHubDoesNotKnowIsRemovedAndCountsNeitherAsSuccessNorFailure() {
        FleetSimulation sim = new FleetSimulation(
                config(
                        new WavePlan(List.of(50.0, 100.0), true),
                        100,
                        List.of(new AbortCriterion(FailureType.ALL, 1, 1.0)),
                        RetryPolicy.none(),
                        1000),
                4);
        String gone = sim.wave(0).get(0);
        sim.behaviour.put(gone, REMOVED);
        sim.runUntilSettled(10, MINUTE);
        assertEquals(ExecutionState.REMOVED, sim.executions.get(gone).state());
        assertEquals(0, sim.executions.get(gone).attempt(), "the device never got the request");
        assertEquals(
                RolloutState.COMPLETED,
                sim.rollout.state(),
                "a 1% failure threshold did not trip, and wave 0 counted 100% success");
        assertEquals(3, sim.count(ExecutionState.SUCCEEDED));
    }

    @Test
    void offlineAndThrottledDevicesWaitWithTheirReasonAndKeepTheirAttempt() {
        FleetSimulation sim = new FleetSimulation(plain(1000), 2);
        sim.behaviour.put("dev-000", OFFLINE);
        sim.behaviour.put("dev-001", THROTTLED);
        sim.step(Duration.ZERO);
        DeviceExecution offline = sim.executions.get("dev-000");
        assertEquals(ExecutionState.QUEUED, offline.state());
        assertEquals(QueueReason.OFFLINE, offline.queueReason());
        assertEquals(0, offline.attempt());
        assertEquals(sim.now.plus(RolloutEngine.OFFLINE_RETRY_MIN), offline.notBefore());
        DeviceExecution throttled = sim.executions.get("dev-001");
        assertEquals(QueueReason.THROTTLED, throttled.queueReason());
        assertEquals(0, throttled.attempt());
        assertEquals(null, throttled.dispatchedAt(), "never accepted");
    }

    @Test
    void theTickHandsOutAtMostItsBudgetAsIntentsAlreadyInProgressAndTheAnswersMapOntoThem() {
        FleetSimulation sim = new FleetSimulation(plain(1000), 5);
        TickPlan plan = RolloutEngine.tick(sim.rollout, sim.executions, Map.of(), 2, sim.now);
        assertEquals(List.of("dev-000", "dev-001"), plan.dispatch());
        for (DispatchIntent i : plan.intents()) {
            assertEquals(ExecutionState.IN_PROGRESS, i.execution().state());
            assertEquals(1, i.attempt());
            assertEquals(RolloutEngine.DISPATCHING, i.execution().lastDetail());
        }
        assertEquals(2, plan.toSave().size(), "the intents are saved with the decision");
        RolloutConfig cfg = sim.rollout.config();
        DeviceExecution accepted =
                RolloutEngine.applyDispatch(plan.intents().get(0), new DispatchResult.Accepted(), cfg, sim.now);
        assertEquals(ExecutionState.IN_PROGRESS, accepted.state());
        assertEquals("accepted", accepted.lastDetail());
        assertEquals(sim.now, accepted.dispatchedAt());
        DeviceExecution failed =
                RolloutEngine.applyDispatch(plan.intents().get(1), new DispatchResult.Error("503"), cfg, sim.now);
        assertEquals(ExecutionState.FAILED, failed.state());
        assertEquals(1, failed.attempt(), "a failed call counts against the retry budget");
        assertEquals(null, failed.dispatchedAt(), "the device never accepted");
        assertEquals(
                0,
                RolloutEngine.tick(sim.rollout, sim.executions, Map.of(), 0, sim.now)
                        .intents()
                        .size());
    }

    @Test
    void eventsAreTypedAndTheirTextIsTheAuditLine() {
        FleetSimulation sim = new FleetSimulation(
                config(new WavePlan(List.of(50.0, 100.0), true), 100, List.of(), RetryPolicy.none(), 1000), 4);
        TickPlan first = sim.step(Duration.ZERO);
        assertInstanceOf(RolloutEvent.Started.class, first.events().get(0));
        TickPlan second = sim.step(MINUTE);
        RolloutEvent.WaveOpened opened =
                assertInstanceOf(RolloutEvent.WaveOpened.class, second.events().get(0));
        assertEquals(1, opened.wave());
        assertEquals("waveOpened", opened.type());
        assertEquals("wave 1 opened: wave 0 reached 100.0% success (threshold 100.0%)", opened.text());
    }

    /**
     * A call a tick never made (paused, out of time) leaves the device exactly as it was: an offline device kept
     * being called every tick because its requeue moved its update time past its next try, which made the next
     * backoff negative (seen by the latency benchmark).
     */
    @Test
    void aCallNeverMadeLeavesTheDeviceAsItWasAndOfflineSpacingKeepsGrowing() {
        Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
        RolloutConfig cfg = plain(600);
        DeviceExecution fresh = DeviceExecution.queued("d", 0, t0);
        DeviceExecution offline = RolloutEngine.applyDispatch(
                new DispatchIntent(fresh, fresh.start(t0, RolloutEngine.DISPATCHING)),
                new DispatchResult.Offline(),
                cfg,
                t0);
        assertEquals(t0.plus(RolloutEngine.OFFLINE_RETRY_MIN), offline.notBefore());

        Instant t1 = offline.notBefore().plusSeconds(1);
        DeviceExecution notSent = RolloutEngine.applyDispatch(
                new DispatchIntent(offline, offline.start(t1, RolloutEngine.DISPATCHING)),
                new DispatchResult.NotSent("the tick's time was up"),
                cfg,
                t1);
        assertEquals(offline, notSent, "exactly as it was");

        DeviceExecution again = RolloutEngine.applyDispatch(
                new DispatchIntent(notSent, notSent.start(t1, RolloutEngine.DISPATCHING)),
                new DispatchResult.Offline(),
                cfg,
                t1);
        assertEquals(
                t1.plus(RolloutEngine.OFFLINE_RETRY_MIN.multipliedBy(2)),
                again.notBefore(),
                "the spacing doubles; it never goes back");
    }

    /**
     * A tick cancels a bounded number of queued devices when an operation ends; the ones left queued are canceled by
     * the ticks that drain it, with the reason its end gives, and nothing is sent.
     */
    @Test
    void drainingAFinishedOperationCancelsTheDevicesLeftQueued() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        java.util.Map<String, DeviceExecution> rows = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            rows.put("d" + i, DeviceExecution.queued("d" + i, 0, now));
        }
        for (RolloutState ended : List.of(RolloutState.ABORTED, RolloutState.CANCELED, RolloutState.REJECTED)) {
            List<DeviceExecution> changed =
                    RolloutEngine.drain(restored(ended, plain(60), now), rows, java.util.Map.of(), now.plusSeconds(5));
            assertEquals(3, changed.size(), ended.name());
            assertTrue(changed.stream().allMatch(e -> e.state() == ExecutionState.CANCELED), ended.name());
            assertEquals(CancelReason.ofFinished(ended), changed.get(0).cancelReason(), ended.name());
        }
    }
}
