package dev.fleetops.core.rollout;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** Devices per execution state, for a whole operation or one wave. */
public record Counts(Map<ExecutionState, Long> byState) {
    public Counts {
        EnumMap<ExecutionState, Long> copy = new EnumMap<>(ExecutionState.class);
        for (ExecutionState s : ExecutionState.values()) {
            copy.put(s, byState.getOrDefault(s, 0L));
        }
        byState = java.util.Collections.unmodifiableMap(copy);
    }

    public static Counts of(Collection<DeviceExecution> executions) {
        Map<ExecutionState, Long> m = new EnumMap<>(ExecutionState.class);
        for (DeviceExecution e : executions) {
            m.merge(e.state(), 1L, Long::sum);
        }
        return new Counts(m);
    }

    public long get(ExecutionState s) {
        return byState.get(s);
    }

    public long total() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Devices that reached a terminal state other than canceled or removed (they say nothing about the update). */
    public long finished() {
        return get(ExecutionState.SUCCEEDED)
                + get(ExecutionState.FAILED)
                + get(ExecutionState.TIMED_OUT)
                + get(ExecutionState.REJECTED);
    }

    public long matching(FailureType type) {
        long n = 0;
        for (ExecutionState s : ExecutionState.values()) {
            if (type.matches(s)) {
                n += get(s);
            }
        }
        return n;
    }

    public long terminal() {
        return byState.entrySet().stream()
                .filter(e -> e.getKey().isTerminal())
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
