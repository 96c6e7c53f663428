package dev.fleetops.core.rollout;

/**
 * An external gate's answer. Anything but a readable {@code pass} or {@code fail} is {@link Decision#WAIT}: a timeout,
 * a refused connection or a 500 must never open a wave.
 *
 * @param reason the gate's own words (bounded), or why FleetOps reads the answer as wait
 */
public record GateVerdict(Decision decision, String reason) {
    public enum Decision {
        PASS,
        FAIL,
        WAIT
    }

    public static final int MAX_REASON = 200;

    public GateVerdict {
        if (decision == null) {
            throw new IllegalArgumentException("'decision' is required.");
        }
        if (reason != null) {
            reason = reason.replaceAll("\\p{Cntrl}", " ");
            if (reason.length() > MAX_REASON) {
                reason = reason.substring(0, MAX_REASON) + "…";
            }
        }
    }

    public static GateVerdict waiting(String why) {
        return new GateVerdict(Decision.WAIT, why);
    }
}
