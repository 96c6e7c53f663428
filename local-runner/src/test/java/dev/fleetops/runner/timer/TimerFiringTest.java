package dev.fleetops.runner.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.runner.FakeApp;
import dev.fleetops.runner.LocalRunner;
import dev.fleetops.runner.RunnerConfig;
import dev.fleetops.runner.RunnerStartException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timer functions from the test classes, fired by a runner in process on a one-second schedule. */
class TimerFiringTest {
    private static final String FN = "dev.fleetops.runner.fake.FakeTimerFunctions.";
    private static final List<TimerRun> RUNS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void runUntilEveryTimerRanTwice(@TempDir Path dir) throws Exception {
        new FakeApp(dir).timer("Tick", FN + "tick", "%TICK_SCHEDULE%").timer("Crash", FN + "crash", "*/1 * * * * *")
                .timer("Slow", FN + "slow", "*/1 * * * * *");
        LocalRunner runner = LocalRunner.start(new RunnerConfig(dir, Map.of("TICK_SCHEDULE", "*/1 * * * * *"), 0, "k",
                null, RUNS::add));
        try {
            // At least 3.5 s, then until every timer has run twice: a loaded CI machine may start late.
            long start = System.nanoTime();
            while (System.nanoTime() - start < 3_500_000_000L
                    || (System.nanoTime() - start < 20_000_000_000L && List.of("Tick", "Crash", "Slow").stream().anyMatch(f -> runsOf(f).size() < 2))) {
                Thread.sleep(100);
            }
        } finally {
            runner.close();
        }
    }

    private static List<TimerRun> runsOf(String function) {
        return RUNS.stream().filter(r -> r.function().equals(function)).toList();
    }

    @Test
    void aOneSecondTimerResolvedFromASettingFiresAtLeastTwiceInThreeSeconds() {
        List<TimerRun> ticks = runsOf("Tick");
        assertTrue(ticks.size() >= 2, ticks.toString());
        assertTrue(ticks.stream().allMatch(TimerRun::succeeded), ticks.toString());
    }

    @Test
    void aFailingTimerIsReportedAndKeepsFiring() {
        List<TimerRun> crashes = runsOf("Crash");
        assertTrue(crashes.size() >= 2, crashes.toString());
        assertEquals("crash on purpose", crashes.get(0).failure().getMessage());
    }

    @Test
    void runsOfOneTimerNeverOverlap() {
        List<TimerRun> slow = runsOf("Slow");
        assertTrue(slow.size() >= 2, slow.toString());
        for (int i = 1; i < slow.size(); i++) {
            assertTrue(slow.get(i).scheduledFor().isAfter(slow.get(i - 1).finishedAt()), slow.toString());
        }
    }

    @Test
    void anUnparseableScheduleStopsTheRunnerNamingFunctionAndSchedule(@TempDir Path dir) throws Exception {
        new FakeApp(dir).timer("Tick", FN + "tick", "%TICK_SCHEDULE%");
        RunnerStartException e = assertThrows(RunnerStartException.class, () -> LocalRunner.start(
                new RunnerConfig(dir, Map.of("TICK_SCHEDULE", "*/5 * * * *"), 0, "k", null, null)));
        assertEquals("Timer function 'Tick' has an invalid schedule '%TICK_SCHEDULE%' (= '*/5 * * * *'): expected 6 fields "
                + "{second} {minute} {hour} {day} {month} {day-of-week}, found 5", e.getMessage());
    }

    @Test
    void aScheduleNamingAnUnsetSettingStopsTheRunner(@TempDir Path dir) throws Exception {
        new FakeApp(dir).timer("Tick", FN + "tick", "%TICK_SCHEDULE%");
        RunnerStartException e = assertThrows(RunnerStartException.class, () -> LocalRunner.start(
                new RunnerConfig(dir, Map.of(), 0, "k", null, null)));
        assertTrue(e.getMessage().contains("setting TICK_SCHEDULE is not set"), e.getMessage());
    }
}
