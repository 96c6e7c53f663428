package dev.fleetops.core.rollout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Devices per state, for the whole operation and per wave, kept on the operation's row so that listing
 * operations reads one row per operation instead of every device row. Maintained incrementally from each
 * save's changed rows and what they were before ({@link #apply}), so keeping it costs nothing per device.
 *
 * @param waves per wave, in wave order
 */
public record Tally(Counts all, List<Counts> waves) {
    public Tally {
        waves = List.copyOf(waves);
    }

    /** Counted from every row, as at creation. */
    public static Tally of(Collection<DeviceExecution> executions, int waveCount) {
        List<List<DeviceExecution>> byWave = new ArrayList<>();
        for (int w = 0; w < waveCount; w++) {
            byWave.add(new ArrayList<>());
        }
        for (DeviceExecution e : executions) {
            if (e.wave() >= 0 && e.wave() < waveCount) {
                byWave.get(e.wave()).add(e);
            }
        }
        return new Tally(Counts.of(executions), byWave.stream().map(Counts::of).toList());
    }

    /**
     * The tally after {@code changed} replaced the rows in {@code before} (a row not in {@code before} is new).
     * Only the changed rows are looked at.
     */
    public Tally apply(Map<String, DeviceExecution> before, Collection<DeviceExecution> changed) {
        EnumMap<ExecutionState, Long> total = new EnumMap<>(all.byState());
        List<EnumMap<ExecutionState, Long>> perWave = new ArrayList<>();
        waves.forEach(c -> perWave.add(new EnumMap<>(c.byState())));
        for (DeviceExecution now : changed) {
            DeviceExecution was = before.get(now.deviceId());
            if (was != null) {
                total.merge(was.state(), -1L, Long::sum);
                wave(perWave, was.wave()).merge(was.state(), -1L, Long::sum);
            }
            total.merge(now.state(), 1L, Long::sum);
            wave(perWave, now.wave()).merge(now.state(), 1L, Long::sum);
        }
        return new Tally(new Counts(total), perWave.stream().map(Counts::new).toList());
    }

    private static EnumMap<ExecutionState, Long> wave(List<EnumMap<ExecutionState, Long>> perWave, int wave) {
        while (perWave.size() <= wave) {
            perWave.add(new EnumMap<>(ExecutionState.class));
        }
        return perWave.get(wave);
    }
}
