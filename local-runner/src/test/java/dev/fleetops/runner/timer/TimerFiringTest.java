package dev.fleetops.runner.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.runner.FakeApp;
import dev.fleetops.runner.LocalRunner;
import dev.fleetops.runner.RunnerConfig;
import dev.fleetops.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timer functions from the test classes, fired by a runner in process on a one-second schedule. */
class TimerFiringTest {
    private static final String FN = "dev.fleetops.runner.fake.FakeTimerFunctions.";
    private static final List<TimerRun> RUNS = new CopyOnWriteArrayList<>();
    private static String MONITORED;

    @BeforeAll
    static void runUntilEveryTimerRanTwice(@TempDir Path dir) throws Exception {
        int hour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        new FakeApp(dir)
                .timer("Tick", FN + "tick", "%TICK_SCHEDULE%")
                .timer("Crash", FN + "crash", "*/1 * * * * *")
                .timer("Slow", FN + "slow", "*/1 * * * * *")
                .timer("Monitored", FN + "monitored", "%MONITORED_SCHEDULE%")
                .function("Unmonitored", FN + "monitored", """
                        {"type":"timerTrigger","direction":"in","name":"timer","schedule":"%MONITORED_SCHEDULE%","useMonitor":false}""");
        // Every second, but only in this hour and the next: restricted above the seconds, so the monitor stays on.
        MONITORED = "*/1 * " + hour + "," + (hour + 1) % 24 + " * * *";
        LocalRunner runner = LocalRunner.start(new RunnerConfig(
                dir,
                Map.of("TICK_SCHEDULE", "*/1 * * * * *", "MONITORED_SCHEDULE", MONITORED),
                0,
                "k",
                null,
                RUNS::add));
        try {
            // At least 3.5 s, then until every timer has run twice: a loaded CI machine may start late. Past 20 s
            // the tests below say which timer is late.
            try {
                Waits.upTo(Duration.ofSeconds(20))
                        .pollDelay(Duration.ofMillis(3500))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> List.of("Tick", "Crash", "Slow", "Monitored", "Unmonitored").stream()
                                .allMatch(f -> runsOf(f).size() >= 2));
            } catch (ConditionTimeoutException late) {
                // reported by the tests
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
    void runsOfOneTimerNeverOverlapAndAnOverrunIsFollowedByTheOccurrenceAfterItsStart() {
        List<TimerRun> slow = runsOf("Slow");
        assertTrue(slow.size() >= 2, slow.toString());
        NcrontabSchedule everySecond = NcrontabSchedule.parse("*/1 * * * * *");
        for (int i = 1; i < slow.size(); i++) {
            TimerRun before = slow.get(i - 1);
            TimerRun run = slow.get(i);
            assertTrue(!run.startedAt().isBefore(before.finishedAt()), slow.toString());
            // As the host's TimerListener: Next is computed from when the previous run started, so after a 1.3 s run it
            // is
            // already due when that run ends (one immediate run; the occurrences in between are skipped).
            assertEquals(everySecond.next(lastOf(before)).orElseThrow(), run.scheduledFor(), slow.toString());
            assertTrue(run.scheduledFor().isBefore(before.finishedAt()), slow.toString());
        }
    }

    /** {@code ScheduleStatus.Last} after a run: when it was invoked, or its occurrence if it fired early. */
    private static Instant lastOf(TimerRun run) {
        return run.scheduledFor().isAfter(run.startedAt()) ? run.scheduledFor() : run.startedAt();
    }

    @Test
    void aSubMinuteScheduleOrUseMonitorFalseSendsNoScheduleStatus() {
        String expected = "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":false}";
        assertEquals(expected, runsOf("Tick").get(0).timerInfo());
        assertEquals(expected, runsOf("Unmonitored").get(0).timerInfo());
    }

    @Test
    void aMonitoredTimerGetsTheScheduleStatusOfBeforeTheRunAsTheHostSendsIt() {
        List<TimerRun> runs = runsOf("Monitored");
        assertTrue(runs.size() >= 2, runs.toString());
        TimerRun first = runs.get(0);
        assertEquals(
                "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"0001-01-01T00:00:00+00:00\",\"Next\":\""
                        + iso(first.scheduledFor())
                        + "\",\"LastUpdated\":\"0001-01-01T00:00:00+00:00\"},\"IsPastDue\":false}",
                first.timerInfo());
        TimerRun second = runs.get(1);
        String last = iso(lastOf(first));
        assertEquals(
                "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"" + last + "\",\"Next\":\""
                        + iso(second.scheduledFor()) + "\",\"LastUpdated\":\"" + last + "\"},\"IsPastDue\":false}",
                second.timerInfo());
        assertEquals(NcrontabSchedule.parse(MONITORED).next(lastOf(first)).orElseThrow(), second.scheduledFor());
    }

    /** Newtonsoft's ISO 8601 for a local DateTime in a UTC zone: up to seven fraction digits, no trailing zeros. */
    private static String iso(Instant t) {
        String s = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS")
                .withZone(ZoneOffset.UTC)
                .format(t);
        s = s.replaceAll("0+$", "");
        return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + "+00:00";
    }

    /** As the host's indexing: the function is in error and not run, the others are served ("functions are in error"). */
    @Test
    void anUnparseableSchedulePutsItsFunctionInErrorNamingFunctionAndSchedule(@TempDir Path dir) throws Exception {
        new FakeApp(dir).timer("Tick", FN + "tick", "%TICK_SCHEDULE%");
        try (LocalRunner runner =
                LocalRunner.start(new RunnerConfig(dir, Map.of("TICK_SCHEDULE", "*/5 * * * *"), 0, "k", null, null))) {
            assertTrue(
                    runner.banner()
                            .contains("        Tick: NOT SERVED, in error: Timer function 'Tick' has an invalid"
                                    + " schedule '%TICK_SCHEDULE%' (= '*/5 * * * *'): expected 6 fields {second} {minute}"
                                    + " {hour} {day} {month} {day-of-week}, found 5"),
                    runner.banner().toString());
        }
    }

    @Test
    void aScheduleNamingAnUnsetSettingPutsItsFunctionInError(@TempDir Path dir) throws Exception {
        new FakeApp(dir).timer("Tick", FN + "tick", "%TICK_SCHEDULE%");
        try (LocalRunner runner = LocalRunner.start(new RunnerConfig(dir, Map.of(), 0, "k", null, null))) {
            assertTrue(
                    runner.banner().stream()
                            .anyMatch(l -> l.contains("Tick: NOT SERVED, in error")
                                    && l.contains("setting TICK_SCHEDULE is not set")),
                    runner.banner().toString());
        }
    }
}
