package dev.fleetops.core.rollout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a tick and a summary need to know about all of an operation's devices without reading them: devices per state
 * for the whole operation and per wave, why the queued ones wait, the highest attempt sent, and the recent pace. Kept
 * on the operation's row, maintained from each save's changed rows and what they were before ({@link #apply}), so
 * keeping it costs nothing per device and reading it costs one row whatever the operation's size.
 *
 * @param waves        per wave, in wave order
 * @param queueReasons queued devices per reason
 * @param maxAttempt   the highest attempt number any device reached (a device may report the next one)
 * @param pace         dispatches and successes over the last minutes, or null in a tally stored before paces were
 *                     kept: such a tally is {@linkplain #isComplete() incomplete} and is counted again from the rows
 */
public record Tally(Counts all, List<Counts> waves, Map<QueueReason, Long> queueReasons, int maxAttempt, Pace pace) {
    public Tally {
        waves = List.copyOf(waves);
        EnumMap<QueueReason, Long> reasons = new EnumMap<>(QueueReason.class);
        queueReasons.forEach((k, v) -> {
            if (v != 0) {
                reasons.put(k, v);
            }
        });
        queueReasons = Collections.unmodifiableMap(reasons);
    }

    /** A tally as stored before queue reasons, attempts and paces were kept on the operation's row. */
    public Tally(Counts all, List<Counts> waves) {
        this(all, waves, Map.of(), 0, null);
    }

    /** Whether it holds everything a tick needs; one stored by an older version has counts only. */
    public boolean isComplete() {
        return pace != null;
    }

    /** Counted from every row, as at creation. */
    public static Tally of(Collection<DeviceExecution> executions, int waveCount) {
        List<List<DeviceExecution>> byWave = new ArrayList<>();
        for (int w = 0; w < waveCount; w++) {
            byWave.add(new ArrayList<>());
        }
        EnumMap<QueueReason, Long> reasons = new EnumMap<>(QueueReason.class);
        int maxAttempt = 0;
        for (DeviceExecution e : executions) {
            if (e.wave() >= 0 && e.wave() < waveCount) {
                byWave.get(e.wave()).add(e);
            }
            if (e.queueReason() != null) {
                reasons.merge(e.queueReason(), 1L, Long::sum);
            }
            maxAttempt = Math.max(maxAttempt, e.attempt());
        }
        return new Tally(
                Counts.of(executions),
                byWave.stream().map(Counts::of).toList(),
                reasons,
                maxAttempt,
                Pace.of(executions));
    }

    /**
     * The tally after {@code changed} replaced the rows in {@code before} (a row not in {@code before} is new).
     * Only the changed rows are looked at.
     */
    public Tally apply(Map<String, DeviceExecution> before, Collection<DeviceExecution> changed) {
        EnumMap<ExecutionState, Long> total = new EnumMap<>(all.byState());
        List<EnumMap<ExecutionState, Long>> perWave = new ArrayList<>();
        waves.forEach(c -> perWave.add(new EnumMap<>(c.byState())));
        EnumMap<QueueReason, Long> reasons = new EnumMap<>(QueueReason.class);
        reasons.putAll(queueReasons);
        int attempt = maxAttempt;
        for (DeviceExecution now : changed) {
            DeviceExecution was = before.get(now.deviceId());
            if (was != null) {
                total.merge(was.state(), -1L, Long::sum);
                wave(perWave, was.wave()).merge(was.state(), -1L, Long::sum);
                if (was.queueReason() != null) {
                    reasons.merge(was.queueReason(), -1L, Long::sum);
                }
            }
            total.merge(now.state(), 1L, Long::sum);
            wave(perWave, now.wave()).merge(now.state(), 1L, Long::sum);
            if (now.queueReason() != null) {
                reasons.merge(now.queueReason(), 1L, Long::sum);
            }
            attempt = Math.max(attempt, now.attempt());
        }
        return new Tally(
                new Counts(total),
                perWave.stream().map(Counts::new).toList(),
                reasons,
                attempt,
                pace == null ? null : pace.apply(before, changed));
    }

    /** Devices of wave {@code w} (none for a wave the tally does not know). */
    public Counts wave(int w) {
        return w >= 0 && w < waves.size() ? waves.get(w) : new Counts(Map.of());
    }

    /** Whether every device reached a final state (and there is at least one). */
    public boolean allTerminal() {
        return all.total() > 0 && all.terminal() == all.total();
    }

    private static EnumMap<ExecutionState, Long> wave(List<EnumMap<ExecutionState, Long>> perWave, int wave) {
        while (perWave.size() <= wave) {
            perWave.add(new EnumMap<>(ExecutionState.class));
        }
        return perWave.get(wave);
    }
}
