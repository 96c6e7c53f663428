package dev.fleetops.core.rollout;

import java.util.Locale;

/**
 * What happened to a fleet operation, as data: the engine's decisions and the operators' commands.
 * {@link #type()} is a stable name for machines (telemetry, the audit row's {@code type});
 * {@link #text()} is the audit line people read, worded exactly as FleetOps always wrote it, so stored
 * trails and the report page read the same before and after events became types.
 */
public sealed interface RolloutEvent {
    String type();

    String text();

    /** An operator created the operation. */
    record Created(String action, int devices, int waves) implements RolloutEvent {
        public String type() {
            return "created";
        }

        public String text() {
            return "created: " + action + " on " + devices + " devices, " + waves + " waves";
        }
    }

    /** The start time came: scheduled → running. */
    record Started() implements RolloutEvent {
        public String type() {
            return "started";
        }

        public String text() {
            return "started";
        }
    }

    /** {@code previousWave} reached the success threshold, so {@code wave} opened. */
    record WaveOpened(int wave, int previousWave, double successPercent, double thresholdPercent)
            implements RolloutEvent {
        public String type() {
            return "waveOpened";
        }

        public String text() {
            return String.format(
                    Locale.ROOT,
                    "wave %d opened: wave %d reached %.1f%% success (threshold %.1f%%)",
                    wave,
                    previousWave,
                    successPercent,
                    thresholdPercent);
        }
    }

    /** {@code wave} finished below the success threshold: the operation waits for an operator. */
    record PausedBelowThreshold(int wave, double successPercent, double thresholdPercent) implements RolloutEvent {
        public String type() {
            return "pausedBelowThreshold";
        }

        public String text() {
            return String.format(
                    Locale.ROOT,
                    "paused: wave %d finished with %.1f%% success, below the %.1f%% threshold",
                    wave,
                    successPercent,
                    thresholdPercent);
        }
    }

    /** An abort criterion tripped. */
    record Aborted(FailureType failureType, double percent, long matching, long finished, double thresholdPercent)
            implements RolloutEvent {
        public String type() {
            return "aborted";
        }

        public String text() {
            return "aborted: " + numbers();
        }

        /** The criterion's numbers. */
        public String numbers() {
            return String.format(
                    Locale.ROOT,
                    "%s %.2f%% (%d of %d finished) reached the %.2f%% abort threshold",
                    failureType,
                    percent,
                    matching,
                    finished,
                    thresholdPercent);
        }
    }

    /** Every device reached a final state. */
    record Completed(Counts counts) implements RolloutEvent {
        public String type() {
            return "completed";
        }

        public String text() {
            StringBuilder sb = new StringBuilder("completed: ");
            String sep = "";
            for (ExecutionState s : ExecutionState.values()) {
                if (counts.get(s) > 0) {
                    sb.append(sep)
                            .append(s.name().toLowerCase(Locale.ROOT))
                            .append('=')
                            .append(counts.get(s));
                    sep = ", ";
                }
            }
            return sb.toString();
        }
    }

    /** {@code wave} met its success threshold; the next wave opens after the soak and the gates. */
    record SoakStarted(int wave, java.time.Instant until) implements RolloutEvent {
        public String type() {
            return "soakStarted";
        }

        public String text() {
            return "wave " + wave + " met its threshold; soaking until " + until;
        }
    }

    /**
     * Devices of {@code wave} that had succeeded regressed: their update report turned into a failure (rolled back),
     * their health check failed, or they stayed offline too long. They now count as failed.
     */
    record Regressed(int wave, int devices, String why) implements RolloutEvent {
        public String type() {
            return "regressed";
        }

        public String text() {
            return devices + " succeeded device" + (devices == 1 ? "" : "s") + " of wave " + wave + " regressed (" + why
                    + ")";
        }
    }

    /** A gate at the end of {@code wave}'s soak failed, or kept answering wait too long: an operator decides. */
    record PausedAtGate(int wave, String why) implements RolloutEvent {
        public String type() {
            return "pausedAtGate";
        }

        public String text() {
            return "paused: wave " + wave + " did not pass its gate: " + why;
        }
    }

    /** An Admin opened {@code wave} before the soak and gates of the wave before it let it open. */
    record WaveAdvanced(int wave, String who) implements RolloutEvent {
        public String type() {
            return "waveAdvanced";
        }

        public String text() {
            return "wave " + wave + " opened early by " + who;
        }
    }

    record PausedByOperator(String who) implements RolloutEvent {
        public String type() {
            return "pausedByOperator";
        }

        public String text() {
            return "paused by " + who;
        }
    }

    /** @param openedWave the wave the resume opened (a wave that finished below its threshold), or null */
    record Resumed(String who, Integer openedWave) implements RolloutEvent {
        public String type() {
            return "resumed";
        }

        public String text() {
            return "resumed by " + who + (openedWave != null ? "; wave " + openedWave + " opened" : "");
        }
    }

    /** @param unfinished devices that were queued or in progress (now canceled) */
    record Canceled(String who, int unfinished) implements RolloutEvent {
        public String type() {
            return "canceled";
        }

        public String text() {
            return "canceled by " + who + " (" + unfinished + " devices not finished)";
        }
    }

    record DeviceCanceled(String deviceId, String who) implements RolloutEvent {
        public String type() {
            return "deviceCanceled";
        }

        public String text() {
            return "device " + deviceId + " canceled by " + who;
        }
    }

    /** An operator queued the failed and timed-out devices again. */
    record RetryRequested(int devices, String who) implements RolloutEvent {
        public String type() {
            return "retryRequested";
        }

        public String text() {
            return devices + " failed devices queued again by " + who;
        }
    }

    /** The operation needs a second Admin's approval before it is scheduled; it expires unapproved at {@code expiresAt}. */
    record ApprovalRequested(String who, java.time.Instant expiresAt) implements RolloutEvent {
        public String type() {
            return "approvalRequested";
        }

        public String text() {
            return "approval requested by " + who + "; expires " + expiresAt;
        }
    }

    /** A second Admin approved: the operation is scheduled. */
    record Approved(String who) implements RolloutEvent {
        public String type() {
            return "approved";
        }

        public String text() {
            return "approved by " + who;
        }
    }

    /** @param reason the rejecter's words, or null; @param unfinished devices canceled with it */
    record Rejected(String who, String reason, int unfinished) implements RolloutEvent {
        public String type() {
            return "rejected";
        }

        public String text() {
            return "rejected by " + who + (reason == null ? "" : ": " + reason) + " (" + unfinished
                    + " devices canceled)";
        }
    }

    /** Nobody approved before the approval expired. */
    record ApprovalExpired(java.time.Instant expiresAt, int unfinished) implements RolloutEvent {
        public String type() {
            return "approvalExpired";
        }

        public String text() {
            return "rejected: approval expired at " + expiresAt + " (" + unfinished + " devices canceled)";
        }
    }

    /** The ticker skipped the operation this run (another tick held it, or the hub failed); never audited. */
    record TickSkipped(String cause) implements RolloutEvent {
        public String type() {
            return "tickSkipped";
        }

        public String text() {
            return "skipped: " + cause;
        }
    }

    /**
     * The tick of this operation failed for a reason that is neither the hub nor a concurrent tick (e.g.
     * storage refused a write). Audited, so the operation's trail shows it; other operations' ticks go on.
     */
    record TickFailed(String cause) implements RolloutEvent {
        public String type() {
            return "tickFailed";
        }

        public String text() {
            return "tick failed: " + cause;
        }
    }

    /**
     * The hub failed while devices were being called (5xx, timeouts without an answer, or FleetOps' own
     * credentials refused): dispatch stopped for this tick and {@code waiting} devices went back to the queue
     * without using an attempt. Not a device failure, so no abort threshold counts it.
     */
    record HubUnavailable(String cause, int waiting) implements RolloutEvent {
        public String type() {
            return "hubUnavailable";
        }

        public String text() {
            return "waiting for the hub: " + cause + "; " + waiting + " devices requeued without using an attempt";
        }
    }

    /**
     * Desired-property goals this operation had left for offline devices were taken out of their twins
     * ({@code failed}: removals the hub refused, retried on a later tick).
     */
    record GoalsRemoved(String property, int removed, int failed) implements RolloutEvent {
        public String type() {
            return "goalsRemoved";
        }

        public String text() {
            return "desired " + property + " goal removed from " + removed + " devices"
                    + (failed == 0 ? "" : "; " + failed + " to retry");
        }
    }

    /** The timer ran the operation's filter: {@code devices} matched, in {@code waves} waves. */
    record Resolved(int devices, int waves) implements RolloutEvent {
        public String type() {
            return "resolved";
        }

        public String text() {
            return "resolved: the filter matches " + devices + " devices, " + waves + " waves";
        }
    }

    /** The filter's matches cannot run (none, too many, an empty wave): the operation ends aborted. */
    record ResolutionFailed(String reason) implements RolloutEvent {
        public String type() {
            return "resolutionFailed";
        }

        public String text() {
            return "aborted: " + reason;
        }
    }
}
