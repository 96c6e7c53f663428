package dev.fleetops.bench.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.bench.wire.DeviceBehaviour;
import dev.fleetops.core.rollout.ExecutionState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command works: 200 devices answering in 50-200 ms, some slow, offline or silent, in well under a minute. The
 * figures are the benchmark's business, not this test's; what each kind of device ends as is the rollout's, and is
 * asserted here.
 */
class DispatchBenchmarkSmokeTest {
    private static final int DEVICES = 200;
    private static final int JOB_DEVICES = 20;

    @Test
    void aSmokeRunWithSlowOfflineAndSilentDevicesReportsFirstTickAndSteadyStateAndHowEachDeviceEnded()
            throws Exception {
        String storage = System.getenv("FLEETOPS_TEST_STORAGE");
        List<String> args = new ArrayList<>(List.of(("--smoke --devices " + DEVICES
                        + " --device-latency-ms 50-200 --device-latency-dist lognormal"
                        + " --slow-share 0.1 --offline-share 0.05 --timeout-share 0.01 --seed 103"
                        + " --method-timeout-seconds 5")
                .split(" ")));
        args.addAll(List.of("--storage", storage == null || storage.isBlank() ? "memory" : storage));
        DispatchOptions o = DispatchOptions.parse(args.toArray(String[]::new));
        Map<DeviceBehaviour.Kind, Integer> kinds = new EnumMap<>(DeviceBehaviour.Kind.class);
        int jobAnswering = 0;
        for (int i = 1; i <= DEVICES; i++) {
            DeviceBehaviour.Kind k = o.devicesBehave().kindOf(i);
            kinds.merge(k, 1, Integer::sum);
            boolean answers = k == DeviceBehaviour.Kind.NORMAL || k == DeviceBehaviour.Kind.SLOW;
            jobAnswering += i <= JOB_DEVICES && answers ? 1 : 0;
        }
        assertEquals(4, kinds.size(), "seed 103 gives every kind of device: " + kinds);
        assertTrue(jobAnswering < JOB_DEVICES, "and some that cannot answer among the job's devices");

        List<String> log = new ArrayList<>();
        DispatchBenchmark.Result r = DispatchBenchmark.run(o, log::add);
        List<String> report = new ArrayList<>();
        DispatchBenchmark.report(r, report::add);
        log.forEach(System.out::println); // the figures, for whoever reads the CI log
        report.forEach(System.out::println);

        assertEquals(DEVICES, r.devices());
        assertTrue(r.methodCalls() >= DEVICES, log.toString()); // offline devices are called too (404103)
        assertTrue(r.dispatchedPerSecond() > 0 && r.jobPerSecond() > 0, r.toString());
        // A 2 s budget at S1's 38 calls/s cannot dispatch 190 devices in the first tick: both phases have figures.
        assertEquals(1, r.firstTick().ticks());
        assertTrue(
                r.firstTick().dispatched() > 0 && r.firstTick().seconds() > 0,
                r.firstTick().toString());
        assertTrue(
                r.steady().ticks() >= 1 && r.steady().dispatched() > 0,
                r.steady().toString());
        assertEquals(
                DEVICES - kinds.get(DeviceBehaviour.Kind.OFFLINE),
                r.firstTick().dispatched() + r.steady().dispatched(),
                "every device but the offline ones is dispatched once");
        assertTrue(has(report, "first tick", "% of the limit"), report.toString());
        assertTrue(has(report, "steady state (ticks 2+)", "% of the limit"), report.toString());

        // Answering, slow and silent devices are in progress (the silent ones' 504101 is "no answer": the device
        // may be working; the 60 min device timeout decides). Offline ones wait in the queue, tried and retried.
        for (DeviceBehaviour.Kind k :
                List.of(DeviceBehaviour.Kind.NORMAL, DeviceBehaviour.Kind.SLOW, DeviceBehaviour.Kind.TIMEOUT)) {
            assertEquals(
                    Map.of(ExecutionState.IN_PROGRESS, kinds.get(k)),
                    r.endStates().get(k),
                    k.name());
        }
        int offline = kinds.get(DeviceBehaviour.Kind.OFFLINE);
        assertEquals(Map.of(ExecutionState.QUEUED, offline), r.endStates().get(DeviceBehaviour.Kind.OFFLINE));
        assertEquals(offline, r.queuedOffline().get(DeviceBehaviour.Kind.OFFLINE));
        assertTrue(has(report, "ended, offline devices", "queued as offline"), report.toString());

        // The job calls the same first 20 devices: the answering ones succeed, offline and silent ones fail.
        assertEquals(jobAnswering, r.jobSucceeded(), log.toString());
        String jobLine = jobAnswering + " of " + JOB_DEVICES;
        assertTrue(log.stream().anyMatch(l -> l.startsWith("IoT Hub job") && l.contains(jobLine)), log.toString());
    }

    @Test
    void badOptionsAreNamed() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> DispatchOptions.parse(new String[] {"--devices", "0"}))
                .getMessage()
                .contains("--devices"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> DispatchOptions.parse(new String[] {"--sku", "B1"}))
                .getMessage()
                .contains("--sku"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> DispatchOptions.parse(new String[] {"--slow-share", "0.6", "--offline-share", "0.6"}))
                .getMessage()
                .contains("add up to more than 1"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> DispatchOptions.parse(new String[] {"--device-latency-dist", "lognormal"}))
                .getMessage()
                .contains("--device-latency-ms"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> DispatchOptions.parse(new String[] {"--method-timeout-seconds", "4"}))
                .getMessage()
                .contains("--method-timeout-seconds"));
        assertTrue(DispatchOptions.parse(new String[] {"--help"}).help());
    }

    @Test
    void withoutLatencyOptionsDevicesAnswerAtOnceAsBefore() {
        DispatchOptions o = DispatchOptions.parse(new String[] {"--smoke"});
        assertTrue(o.devicesBehave().atOnce());
        assertEquals(60, o.devices());
        assertEquals(10, o.methodTimeoutSeconds());
        DispatchOptions s = DispatchOptions.parse(new String[] {"--sku", "S2", "--units", "5"});
        assertEquals(600.0, s.sku().methodsPerSecond(s.units()));
    }

    private static boolean has(List<String> lines, String start, String contains) {
        return lines.stream().anyMatch(l -> l.startsWith(start) && l.contains(contains));
    }
}
