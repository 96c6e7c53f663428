package dev.fleetops.device.state;

/**
 * The A/B firmware slots ({@code slots/a}, {@code slots/b} in the state directory). Updates are written
 * to the inactive slot; switching is one persisted change of {@link #active}. A switched-to slot is on
 * {@link #trial} until its health check passes; {@link #trialBoots} counts its boots so a boot loop is
 * detected and rolled back.
 *
 * @param active          "a" or "b": the slot the device runs
 * @param previousVersion the confirmed version in the other slot, the rollback target; null if none
 * @param trial           the active slot has not passed its health check yet
 * @param trialBoots      boots of the active slot while on trial
 */
public record Slots(String active, String previousVersion, boolean trial, int trialBoots) {
    public static final Slots INITIAL = new Slots("a", null, false, 0);

    public Slots {
        active = "b".equals(active) ? "b" : "a";
    }

    public String inactive() {
        return "a".equals(active) ? "b" : "a";
    }

    /** Switched to the inactive slot, on trial, which now runs; {@code runningVersion} becomes the fallback. */
    public Slots switched(String runningVersion) {
        return new Slots(inactive(), runningVersion, true, 0);
    }

    /** Back on the other slot, which holds {@link #previousVersion}; nothing left to fall back to. */
    public Slots rolledBack() {
        return new Slots(inactive(), null, false, 0);
    }

    /** The trial slot passed its health check. */
    public Slots confirmed() {
        return new Slots(active, previousVersion, false, 0);
    }

    public Slots bootedOnTrial() {
        return new Slots(active, previousVersion, trial, trial ? trialBoots + 1 : 0);
    }

    /** A manual rollback target: back to the other slot, keeping the version left behind as the next target. */
    public Slots swappedBack(String runningVersion) {
        return new Slots(inactive(), runningVersion, false, 0);
    }
}
