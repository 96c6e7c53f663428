package dev.fleetops.device.sim;

/** How a simulated device misbehaves; every device runs the real agent, only these hooks differ. */
public enum Behaviour {
    /** Does everything right. */
    NORMAL("normal"),
    /** Downloads slowly (a pause after every chunk). */
    SLOW("slow"),
    /** Cannot download: it does not trust the package server, so downloads fail with {@code downloadError}. */
    FAIL_DOWNLOAD("failDownload"),
    /** Its self-test fails after every update, so updates are rolled back. */
    FAIL_HEALTH("failHealth"),
    /** Answers every direct method with 500 "rejected". */
    REJECT("reject"),
    /** Drops off the network for a while, now and then. */
    OFFLINE("offline"),
    /** Dies in the middle of its first update and is restarted on the same state directory. */
    CRASH("crash"),
    /**
     * Passes its self-test at install, so an update reports {@code applyComplete}, then fails the first check of its
     * post-update health watch: the version is rolled back and reported {@code rolledBack} with the same operation
     * id a few seconds later (a regression during a rollout's soak). Listed last: the assignment of the other
     * behaviours to devices stays what it was for a given seed.
     */
    REGRESS("regress");

    private final String key;

    Behaviour(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Behaviour of(String key) {
        for (Behaviour b : values()) {
            if (b.key.equals(key)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown behaviour '" + key + "'");
    }
}
