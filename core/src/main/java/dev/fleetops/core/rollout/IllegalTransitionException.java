package dev.fleetops.core.rollout;

/**
 * A state change that {@link Transitions} does not allow: a bug in the caller, never an operator's
 * mistake (commands check {@link Transitions#allows} first and answer a refusal instead).
 */
public final class IllegalTransitionException extends IllegalStateException {
    /** Which state machine refused. */
    public enum Machine {
        OPERATION,
        EXECUTION
    }

    private final Machine machine;
    private final Enum<?> from;
    private final Enum<?> to;

    IllegalTransitionException(Machine machine, Enum<?> from, Enum<?> to, String subject) {
        super(machine.name().toLowerCase(java.util.Locale.ROOT) + " " + subject + " cannot go from " + from + " to "
                + to);
        this.machine = machine;
        this.from = from;
        this.to = to;
    }

    public Machine machine() {
        return machine;
    }

    public Enum<?> from() {
        return from;
    }

    public Enum<?> to() {
        return to;
    }
}
