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
 * @param activeSecurityVersion   the security version of the manifest the active slot was installed from; null
 *                                for 0 (factory firmware, v1 manifests, state files from before it)
 * @param previousSecurityVersion the same for {@link #previousVersion}, so a manual rollback cannot go below the
 *                                highest installed security version; null for 0 (unknown counts as 0: fail closed)
 */
public record Slots(
        String active,
        String previousVersion,
        boolean trial,
        int trialBoots,
        Long activeSecurityVersion,
        Long previousSecurityVersion) {
    public static final Slots INITIAL = new Slots("a", null, false, 0);

    public Slots {
        active = "b".equals(active) ? "b" : "a";
        // 0 is stored as absent, so state files from before these fields are written back unchanged.
        activeSecurityVersion =
                activeSecurityVersion == null || activeSecurityVersion == 0 ? null : activeSecurityVersion;
        previousSecurityVersion =
                previousSecurityVersion == null || previousSecurityVersion == 0 || previousVersion == null
                        ? null
                        : previousSecurityVersion;
    }

    public Slots(String active, String previousVersion, boolean trial, int trialBoots) {
        this(active, previousVersion, trial, trialBoots, null, null);
    }

    /** The security version of the rollback target, {@link #previousVersion} (0 if unknown). */
    public long previousSecurity() {
        return previousSecurityVersion == null ? 0 : previousSecurityVersion;
    }

    public String inactive() {
        return "a".equals(active) ? "b" : "a";
    }

    /**
     * Switched to the inactive slot, on trial, which now runs firmware of {@code securityVersion};
     * {@code runningVersion} becomes the fallback.
     */
    public Slots switched(String runningVersion, long securityVersion) {
        return new Slots(inactive(), runningVersion, true, 0, securityVersion, activeSecurityVersion);
    }

    /** Back on the other slot, which holds {@link #previousVersion}; nothing left to fall back to. */
    public Slots rolledBack() {
        return new Slots(inactive(), null, false, 0, previousSecurityVersion, null);
    }

    /** The trial slot passed its health check. */
    public Slots confirmed() {
        return new Slots(active, previousVersion, false, 0, activeSecurityVersion, previousSecurityVersion);
    }

    public Slots bootedOnTrial() {
        return new Slots(
                active,
                previousVersion,
                trial,
                trial ? trialBoots + 1 : 0,
                activeSecurityVersion,
                previousSecurityVersion);
    }

    /** A manual rollback target: back to the other slot, keeping the version left behind as the next target. */
    public Slots swappedBack(String runningVersion) {
        return new Slots(inactive(), runningVersion, false, 0, previousSecurityVersion, activeSecurityVersion);
    }
}
