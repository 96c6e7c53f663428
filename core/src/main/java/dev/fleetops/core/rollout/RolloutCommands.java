package dev.fleetops.core.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Operator commands (pause, resume, cancel, cancel one device, retry failed) and approval decisions (approve,
 * reject) as pure transitions. A command applies when {@link Transitions} allows the change it makes; otherwise it
 * is refused with the reason (answered as 409), never attempted. An approval by the operation's creator is
 * {@link CommandResult.Forbidden} in any state.
 */
public final class RolloutCommands {
    /** At most this many device ids in a refused retry's list (a portal creates the new operation from it). */
    public static final int MAX_RETRY_IDS = 1_000;

    private RolloutCommands() {}

    public static CommandResult pause(Rollout r, Instant now, String who) {
        if (!Transitions.allows(r.state(), RolloutState.PAUSED)) {
            return refused("pause", r);
        }
        RolloutEvent.PausedByOperator event = new RolloutEvent.PausedByOperator(who);
        return applied(r.to(RolloutState.PAUSED, now, event.text()), List.of(), event);
    }

    /**
     * Resumes a paused operation. When it was paused because a wave missed its success threshold, the
     * operator's resume is the decision to go on, so the next wave opens. One paused before its start
     * time goes back to waiting for it: resuming is not starting early.
     */
    public static CommandResult resume(Rollout r, Map<String, DeviceExecution> devices, Instant now, String who) {
        int wave = r.openWave();
        return resume(
                r,
                devices.values().stream()
                        .filter(e -> e.wave() == wave)
                        .allMatch(e -> e.state().isTerminal()),
                now,
                who);
    }

    /**
     * Resumes a paused operation; the next wave opens when every device of the open one has finished ({@code
     * openWaveDone}, which the operation's {@link Tally} says without reading a device row).
     */
    public static CommandResult resume(Rollout r, boolean openWaveDone, Instant now, String who) {
        // Only PAUSED: SCHEDULED → RUNNING is the start time's move, not an operator's.
        if (r.state() != RolloutState.PAUSED) {
            return refused("resume", r);
        }
        if (r.config().startAt() != null && now.isBefore(r.config().startAt())) {
            return applied(r.to(RolloutState.SCHEDULED, now, null), List.of(), new RolloutEvent.Resumed(who, null));
        }
        int wave = r.openWave();
        // A soaking wave goes on soaking: resuming does not skip its soak or its gates (advance does).
        boolean opens = openWaveDone && r.soak() == null;
        int open = opens ? Math.min(wave + 1, r.config().waves().waveCount() - 1) : wave;
        Rollout next = r.to(RolloutState.RUNNING, now, null).withOpenWave(open, now);
        return applied(next, List.of(), new RolloutEvent.Resumed(who, open != wave ? open : null));
    }

    /**
     * Opens the next wave now, without waiting for the open one's threshold, soak or gates: an Admin's decision,
     * audited with who made it. A paused operation runs again, since opening a wave is meant to dispatch it.
     */
    public static CommandResult advance(Rollout r, Instant now, String who) {
        if (r.state() != RolloutState.RUNNING && r.state() != RolloutState.PAUSED) {
            return refused("advance", r);
        }
        int last = r.config().waves().waveCount() - 1;
        if (r.openWave() >= last) {
            return new CommandResult.Refused(
                    "cannot advance operation " + r.id() + ": its last wave (" + last + ") is already open");
        }
        if (r.config().startAt() != null && now.isBefore(r.config().startAt())) {
            return new CommandResult.Refused("cannot advance operation " + r.id() + " before its start time "
                    + r.config().startAt());
        }
        Rollout running = r.state() == RolloutState.PAUSED ? r.to(RolloutState.RUNNING, now, null) : r;
        int wave = r.openWave() + 1;
        return applied(running.withOpenWave(wave, now), List.of(), new RolloutEvent.WaveAdvanced(wave, who));
    }

    /** Cancels the operation; one still waiting for approval is withdrawn (its approval reads {@code withdrawn}). */
    public static CommandResult cancel(Rollout r, Map<String, DeviceExecution> devices, Instant now, String who) {
        if (!Transitions.allows(r.state(), RolloutState.CANCELED)) {
            return refused("cancel", r);
        }
        List<DeviceExecution> changed = cancelAll(devices, CancelReason.OPERATION_CANCELED, now, who);
        Rollout next = r.state() == RolloutState.PENDING_APPROVAL
                ? r.to(RolloutState.CANCELED, r.approval().withdrawn(who, now), now, "canceled by " + who)
                : r.to(RolloutState.CANCELED, now, "canceled by " + who);
        return applied(next, changed, new RolloutEvent.Canceled(who, changed.size()));
    }

    /**
     * A second Admin approves an operation waiting for approval: it is scheduled (and starts at its start time).
     *
     * @param approverId the approver's object id: the creator's is {@link CommandResult.Forbidden}, in every state
     */
    public static CommandResult approve(Rollout r, Instant now, String approverId, String approver) {
        if (r.approval() != null && r.approval().requestedBy(approverId)) {
            return new CommandResult.Forbidden(
                    "the creator of an operation cannot approve it; another FleetOps.Admin must");
        }
        if (r.state() != RolloutState.PENDING_APPROVAL) {
            return refused("approve", r);
        }
        if (r.approval().expiredAt(now)) {
            return new CommandResult.Refused(
                    "the approval expired at " + r.approval().expiresAt() + "; create the operation again");
        }
        Rollout next = r.to(RolloutState.SCHEDULED, r.approval().approved(approverId, approver, now), now, null);
        return applied(next, List.of(), new RolloutEvent.Approved(approver));
    }

    /**
     * An Admin rejects an operation waiting for approval (its creator may too: that only stops it): it ends
     * {@code rejected}, and its devices, none of which was dispatched, are canceled.
     *
     * @param reason the rejecter's words (at most {@value Approval#MAX_COMMENT} characters), or null
     */
    public static CommandResult reject(
            Rollout r,
            Map<String, DeviceExecution> devices,
            Instant now,
            String rejecterId,
            String rejecter,
            String reason) {
        if (r.state() != RolloutState.PENDING_APPROVAL) {
            return refused("reject", r);
        }
        List<DeviceExecution> changed = cancelAll(devices, CancelReason.OPERATION_REJECTED, now, rejecter);
        RolloutEvent.Rejected event = new RolloutEvent.Rejected(rejecter, reason, changed.size());
        Rollout next = r.to(
                RolloutState.REJECTED, r.approval().rejected(rejecterId, rejecter, now, reason), now, event.text());
        return applied(next, changed, event);
    }

    /** Unapproved past its expiry: rejected, as if an Admin had said no (the timer's decision, {@link RolloutEngine#tick}). */
    static TickPlan expire(Rollout r, Map<String, DeviceExecution> devices, Instant now) {
        return expire(r, devices, devices.size(), now);
    }

    /**
     * {@link #expire} when {@code devices} may be some of the operation's {@code total} devices (all queued, since it
     * never ran): those are canceled now, the rest by the ticks that drain the finished operation.
     */
    static TickPlan expire(Rollout r, Map<String, DeviceExecution> devices, long total, Instant now) {
        List<DeviceExecution> changed = cancelAll(devices, CancelReason.OPERATION_REJECTED, now, null);
        RolloutEvent.ApprovalExpired event =
                new RolloutEvent.ApprovalExpired(r.approval().expiresAt(), (int) Math.max(total, changed.size()));
        Rollout next = r.to(RolloutState.REJECTED, r.approval().expired(now), now, event.text());
        return new TickPlan(next, changed, List.of(), List.of(event));
    }

    private static List<DeviceExecution> cancelAll(
            Map<String, DeviceExecution> devices, CancelReason reason, Instant now, String who) {
        List<DeviceExecution> changed = new ArrayList<>();
        for (DeviceExecution e : devices.values()) {
            if (Transitions.allows(e.state(), ExecutionState.CANCELED)) {
                changed.add(e.cancel(reason, now, who));
            }
        }
        return changed;
    }

    public static CommandResult cancelDevice(Rollout r, DeviceExecution e, Instant now, String who) {
        if (r.state().isTerminal()) {
            return refused("cancel a device of", r);
        }
        if (!Transitions.allows(e.state(), ExecutionState.CANCELED)) {
            return new CommandResult.Refused("device " + e.deviceId() + " already finished as " + e.state());
        }
        DeviceExecution next = e.cancel(CancelReason.DEVICE_CANCELED, now, who);
        return applied(r.touched(now), List.of(next), new RolloutEvent.DeviceCanceled(e.deviceId(), who));
    }

    /**
     * Queues failed and timed-out devices again (each gets a new attempt id) and runs the operation.
     * A finished operation is final: the answer lists the devices a new operation would target instead
     * (failed, timed out, and those an abort canceled before they were dispatched).
     */
    public static CommandResult retryFailed(Rollout r, Map<String, DeviceExecution> devices, Instant now, String who) {
        if (r.state().isTerminal()) {
            return refusedFinished(r, devices);
        }
        if (r.state() == RolloutState.PENDING_APPROVAL) {
            return refused("retry", r);
        }
        List<DeviceExecution> changed = new ArrayList<>();
        for (DeviceExecution e : devices.values()) {
            if (isRetryable(e)) {
                changed.add(e.requeue(QueueReason.RETRY_REQUESTED, null, now, "retry requested", e.error()));
            }
        }
        if (changed.isEmpty()) {
            return new CommandResult.Refused("no failed or timed-out devices to retry");
        }
        Rollout next = r.state() == RolloutState.RUNNING ? r.touched(now) : r.to(RolloutState.RUNNING, now, null);
        return applied(next, changed, new RolloutEvent.RetryRequested(changed.size(), who));
    }

    private static boolean isRetryable(DeviceExecution e) {
        return e.state() == ExecutionState.FAILED || e.state() == ExecutionState.TIMED_OUT;
    }

    private static CommandResult refusedFinished(Rollout r, Map<String, DeviceExecution> devices) {
        List<String> ids = new ArrayList<>();
        boolean truncated = false;
        for (DeviceExecution e : devices.values()) {
            if (isRetryable(e) || e.cancelReason() == CancelReason.OPERATION_ABORTED) {
                if (ids.size() == MAX_RETRY_IDS) {
                    truncated = true;
                    break;
                }
                ids.add(e.deviceId());
            }
        }
        return new CommandResult.RefusedFinished(
                "cannot retry an operation that is " + name(r) + ": finished operations are final;"
                        + " create a new operation targeting the devices in retryDeviceIds",
                ids,
                truncated);
    }

    private static CommandResult applied(Rollout r, List<DeviceExecution> changed, RolloutEvent event) {
        return new CommandResult.Applied(new TickPlan(r, changed, List.of(), List.of(event)));
    }

    private static CommandResult refused(String what, Rollout r) {
        return new CommandResult.Refused("cannot " + what + " an operation that is " + name(r));
    }

    private static String name(Rollout r) {
        return r.state().wireName();
    }
}
