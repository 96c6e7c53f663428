package dev.fleetops.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.ErrorInfo;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Soak time and gates between waves (docs/rollouts.md, "Soak and gates"), as scenarios against the pure engine. */
class SoakAndGatesTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final GateVerdict PASS = new GateVerdict(GateVerdict.Decision.PASS, "metrics fine");
    private static final GateVerdict WAIT = new GateVerdict(GateVerdict.Decision.WAIT, "error budget under review");
    private static final GateVerdict FAIL = new GateVerdict(GateVerdict.Decision.FAIL, "crash rate up 4x");

    /** 50 devices, a 10-device canary then the rest, every device must succeed, the given gates. */
    private static FleetSimulation fleet(WaveGates gates) {
        RolloutConfig cfg = new RolloutConfig(
                        new WavePlan(List.of(10.0, 50.0), false),
                        100,
                        List.of(),
                        RatePolicy.fixed(1000),
                        Duration.ofMinutes(10),
                        RetryPolicy.none(),
                        null,
                        null,
                        null)
                .withGates(gates);
        return new FleetSimulation(cfg, 50);
    }

    private static WaveGates soak(int minutes) {
        return new WaveGates(Duration.ofMinutes(minutes), Duration.ofMinutes(15), null, null, Duration.ofMinutes(60));
    }

    private static WaveGates external(int soakMinutes) {
        return new WaveGates(
                Duration.ofMinutes(soakMinutes),
                null,
                null,
                new WaveGates.ExternalGate("https://gate.example.com/check", Duration.ofSeconds(5)),
                Duration.ofMinutes(30));
    }

    /** Runs until the canary has succeeded and its soak started. */
    private static void canarySucceeds(FleetSimulation sim) {
        sim.step(MINUTE); // start, dispatch the canary; devices report
        sim.step(MINUTE); // reports absorbed: threshold met, soak starts
        assertEquals(10, sim.count(ExecutionState.SUCCEEDED));
        assertNotNull(sim.rollout.soak(), "the canary soaks");
        assertEquals(0, sim.rollout.openWave());
    }

    private static void rollBack(FleetSimulation sim, String deviceId) {
        DeviceExecution e = sim.executions.get(deviceId);
        sim.reports.put(
                deviceId,
                new Observation(
                        e.attempt(),
                        ExecutionState.FAILED,
                        "rolledBack",
                        new ErrorInfo("healthCheckFailed", "failed after install")));
    }

    @Test
    void theNextWaveOpensOnlyAfterTheSoakAndTheLastWaveSoaksBeforeCompleting() {
        FleetSimulation sim = fleet(soak(30));
        canarySucceeds(sim);
        assertTrue(sim.events.stream().anyMatch(e -> e.startsWith("wave 0 met its threshold; soaking until")));
        for (int i = 0; i < 27; i++) {
            sim.step(MINUTE);
        }
        assertEquals(0, sim.rollout.openWave(), "29 minutes into a 30-minute soak");
        assertEquals(10, sim.dispatched.size());
        sim.step(MINUTE);
        sim.step(MINUTE);
        assertEquals(0, sim.rollout.openWave(), "31 minutes");
        sim.step(MINUTE);
        assertEquals(1, sim.rollout.openWave());
        sim.step(MINUTE);
        assertEquals(50, sim.count(ExecutionState.SUCCEEDED));
        assertEquals(RolloutState.RUNNING, sim.rollout.state(), "every device succeeded, the last wave still soaks");
        for (int i = 0; i < 31 && sim.rollout.state() == RolloutState.RUNNING; i++) {
            sim.step(MINUTE);
        }
        assertEquals(RolloutState.COMPLETED, sim.rollout.state());
    }

    @Test
    void devicesThatRollBackDuringTheSoakCountAsFailedAndStopTheRollout() {
        FleetSimulation sim = fleet(soak(30));
        canarySucceeds(sim);
        List<String> canary = sim.wave(0);
        rollBack(sim, canary.get(0));
        rollBack(sim, canary.get(1));
        sim.step(MINUTE);
        DeviceExecution regressed = sim.executions.get(canary.get(0));
        assertEquals(ExecutionState.FAILED, regressed.state());
        assertEquals("rolledBack", regressed.lastDetail());
        assertEquals("healthCheckFailed", regressed.error().code());
        assertEquals(RolloutState.PAUSED, sim.rollout.state());
        assertTrue(sim.rollout.reason().contains("wave 0 finished with 80.0% success"), sim.rollout.reason());
        assertTrue(
                sim.events.contains("2 succeeded devices of wave 0 regressed (update report turned into a failure)"));
        assertNull(sim.rollout.soak(), "a resume is the operator's decision to go on");
        assertEquals(10, sim.dispatched.size(), "wave 1 was never dispatched");
    }

    @Test
    void aRollbackThatComesInWhileTheOperationIsPausedIsStillCounted() {
        FleetSimulation sim = fleet(soak(30));
        canarySucceeds(sim);
        List<String> canary = sim.wave(0);
        rollBack(sim, canary.get(0));
        sim.step(MINUTE);
        assertEquals(RolloutState.PAUSED, sim.rollout.state());
        assertTrue(RolloutEngine.watchesSuccesses(sim.rollout), "the ticker keeps reading a paused, gated operation");
        rollBack(sim, canary.get(5));
        sim.step(MINUTE);
        assertEquals(ExecutionState.FAILED, sim.executions.get(canary.get(5)).state());
        assertEquals(8, sim.count(ExecutionState.SUCCEEDED));
    }

    @Test
    void withoutSoakOrGatesALaterRollbackReportChangesNothing() {
        FleetSimulation sim = fleet(WaveGates.NONE);
        sim.step(MINUTE);
        sim.step(MINUTE);
        String first = sim.wave(0).get(0);
        rollBack(sim, first);
        sim.step(MINUTE);
        assertEquals(ExecutionState.SUCCEEDED, sim.executions.get(first).state());
    }

    @Test
    void aDeviceOfflineLongerThanTheBoundOrReportingAFailedHealthCheckRegresses() {
        FleetSimulation sim = fleet(soak(30));
        canarySucceeds(sim);
        List<String> canary = sim.wave(0);
        sim.checks = new WaveChecks(Set.of(canary.get(2)), Set.of(canary.get(3)), null, null);
        sim.step(MINUTE);
        DeviceExecution offline = sim.executions.get(canary.get(2));
        assertEquals(ExecutionState.FAILED, offline.state());
        assertEquals("offlineDuringSoak", offline.error().code());
        assertEquals(
                "healthCheckFailed", sim.executions.get(canary.get(3)).error().code());
        assertEquals(RolloutState.PAUSED, sim.rollout.state());
    }

    @Test
    void anExternalGateThatSaysWaitHoldsTheNextWaveAndPassOpensIt() {
        FleetSimulation sim = fleet(external(5));
        canarySucceeds(sim);
        for (int i = 0; i < 6; i++) {
            sim.step(MINUTE);
        }
        assertEquals(0, sim.rollout.openWave(), "the gate was not asked: that is no pass");
        assertEquals("external gate: not asked yet", sim.rollout.soak().waiting());
        sim.checks = new WaveChecks(Set.of(), Set.of(), null, WAIT);
        sim.step(MINUTE);
        assertEquals(0, sim.rollout.openWave());
        assertEquals(
                "external gate: wait (error budget under review)",
                sim.rollout.soak().waiting());
        assertEquals(10, sim.dispatched.size());
        sim.checks = new WaveChecks(Set.of(), Set.of(), null, PASS);
        sim.step(MINUTE);
        assertEquals(1, sim.rollout.openWave());
        assertTrue(sim.events.stream().anyMatch(e -> e.startsWith("wave 1 opened")), sim.events.toString());
    }

    @Test
    void anExternalGateThatSaysFailPausesTheOperationAndResumeKeepsSoaking() {
        FleetSimulation sim = fleet(external(5));
        canarySucceeds(sim);
        for (int i = 0; i < 5; i++) {
            sim.step(MINUTE);
        }
        sim.checks = new WaveChecks(Set.of(), Set.of(), null, FAIL);
        sim.step(MINUTE);
        assertEquals(RolloutState.PAUSED, sim.rollout.state());
        assertEquals(
                "paused: wave 0 did not pass its gate: external gate: fail (crash rate up 4x)", sim.rollout.reason());
        Rollout resumed = assertInstanceOf(
                        CommandResult.Applied.class, RolloutCommands.resume(sim.rollout, true, sim.now, "alice"))
                .plan()
                .rollout();
        assertEquals(0, resumed.openWave(), "resuming does not skip the gate");
        assertNotNull(resumed.soak());
    }

    @Test
    void aGateThatKeepsWaitingPastItsTimeoutPausesTheOperation() {
        FleetSimulation sim = fleet(external(5));
        canarySucceeds(sim);
        for (int i = 0; i < 40 && sim.rollout.state() == RolloutState.RUNNING; i++) {
            sim.checks = new WaveChecks(Set.of(), Set.of(), null, GateVerdict.waiting("no answer from the gate"));
            sim.step(MINUTE);
        }
        assertEquals(RolloutState.PAUSED, sim.rollout.state());
        assertTrue(sim.rollout.reason().contains("still waiting PT30M after the soak"), sim.rollout.reason());
    }

    @Test
    void theHealthGateNeedsItsShareOfHealthyDevices() {
        WaveGates gates = new WaveGates(
                Duration.ofMinutes(5),
                null,
                new WaveGates.HealthGate("health.status", "ok", 90),
                null,
                Duration.ofMinutes(60));
        FleetSimulation sim = fleet(gates);
        canarySucceeds(sim);
        for (int i = 0; i < 5; i++) {
            sim.step(MINUTE);
        }
        sim.checks = new WaveChecks(Set.of(), Set.of(), 8L, null);
        sim.step(MINUTE);
        assertEquals(0, sim.rollout.openWave());
        assertEquals(
                "health gate: 80.0% of 10 succeeded devices report health.status=ok, 90.0% needed",
                sim.rollout.soak().waiting());
        sim.checks = new WaveChecks(Set.of(), Set.of(), 9L, null);
        sim.step(MINUTE);
        assertEquals(1, sim.rollout.openWave());
    }

    @Test
    void anAdminAdvancesTheNextWaveEarlyAndNotPastTheLast() {
        FleetSimulation sim = fleet(soak(30));
        canarySucceeds(sim);
        TickPlan plan = assertInstanceOf(
                        CommandResult.Applied.class, RolloutCommands.advance(sim.rollout, sim.now, "root (oid-1)"))
                .plan();
        assertEquals(1, plan.rollout().openWave());
        assertNull(plan.rollout().soak());
        assertEquals("wave 1 opened early by root (oid-1)", plan.events().get(0).text());
        assertInstanceOf(CommandResult.Refused.class, RolloutCommands.advance(plan.rollout(), sim.now, "root"));
    }

    @Test
    void advancingAPausedOperationRunsIt() {
        FleetSimulation sim = fleet(external(1));
        canarySucceeds(sim);
        sim.step(MINUTE);
        sim.checks = new WaveChecks(Set.of(), Set.of(), null, FAIL);
        sim.step(MINUTE);
        assertEquals(RolloutState.PAUSED, sim.rollout.state());
        Rollout advanced = assertInstanceOf(
                        CommandResult.Applied.class, RolloutCommands.advance(sim.rollout, sim.now, "root"))
                .plan()
                .rollout();
        assertEquals(RolloutState.RUNNING, advanced.state());
        assertEquals(1, advanced.openWave());
    }
}
