package dev.fleetops.core.rollout.service;

import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.identity.AccessDecision;
import dev.fleetops.core.identity.OperationScope;
import dev.fleetops.core.rollout.CommandResult;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.RolloutCommands;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads of, and operator commands and approval decisions on, stored rollouts. Commands load, apply the pure
 * transition from {@link RolloutCommands}, save under the etag (retrying once if a tick saved in between) and
 * append to the operation's trail.
 *
 * <p>Audit ({@link Auditor}): each command's intent is recorded before it is applied (if that cannot be recorded,
 * nothing is applied), and its outcome after: succeeded, refused (404, 409), denied (403: the retried operation needs a
 * higher role, or the creator tried to approve), or unknown (an error while saving).
 */
public final class RolloutControl {
    public enum Command {
        PAUSE,
        RESUME,
        CANCEL,
        RETRY_FAILED,
        CANCEL_DEVICE,
        APPROVE,
        REJECT,
        ADVANCE
    }

    /** Outcome of a command. */
    public sealed interface Outcome {
        record Done(RolloutSummary operation) implements Outcome {}

        record NotFound(String what) implements Outcome {}

        record Refused(String reason) implements Outcome {}

        /**
         * The caller may not do this to this operation (403): {@code decision} when its role is too low for the
         * operation's scope, else {@code reason} (the creator approving their own operation).
         */
        record Forbidden(AccessDecision.Forbidden decision, String reason) implements Outcome {}

        /**
         * Retry on a finished operation: refused, because finished operations are final; the devices a
         * new operation would target, at most {@link dev.fleetops.core.rollout.RolloutCommands#MAX_RETRY_IDS}.
         */
        record RefusedFinished(String reason, List<String> retryDeviceIds, boolean truncated) implements Outcome {}
    }

    private final RolloutStore store;
    private final Clock clock;
    private final Auditor audit;

    public RolloutControl(RolloutStore store, Clock clock) {
        this(store, clock, Auditor.NONE);
    }

    /** @param audit records each command's intent and outcome */
    public RolloutControl(RolloutStore store, Clock clock, Auditor audit) {
        this.store = store;
        this.clock = clock;
        this.audit = Objects.requireNonNull(audit, "'audit' cannot be null.");
    }

    public Optional<RolloutSummary> get(String id) {
        return store.get(id).map(this::summary);
    }

    /** From the operation's row alone; one stored by an older version, without a complete tally, from its devices. */
    private RolloutSummary summary(StoredRollout r) {
        return r.tally() != null && r.tally().isComplete()
                ? RolloutSummary.of(r, clock.instant())
                : RolloutSummary.of(r, store.executions(r.rollout().id()), clock.instant());
    }

    public List<RolloutSummary> list(int max) {
        return list(OperationQuery.firstPage(max)).items();
    }

    /** One page of operations, newest first; the token is null on the last page. */
    public Page<RolloutSummary> list(OperationQuery query) {
        Instant now = clock.instant();
        List<StoredRollout> rows = store.list(query.pageSize() + 1, query.keeps());
        boolean more = rows.size() > query.pageSize();
        List<StoredRollout> page = more ? rows.subList(0, query.pageSize()) : rows;
        // One row per operation: its tally. Rows saved before tallies existed are counted from their devices.
        List<RolloutSummary> summaries = page.stream()
                .map(r -> r.tally() != null && !r.tally().isComplete() ? RolloutSummary.listed(r) : summary(r))
                .toList();
        return new Page<>(summaries, more ? OperationQuery.token(page.get(page.size() - 1)) : null);
    }

    public Optional<Page<DeviceExecution>> devices(
            String id, ExecutionState state, String continuationToken, int pageSize) {
        return store.get(id).map(r -> store.executions(id, state, continuationToken, pageSize));
    }

    /** What an operation does, for the access policy: its action, target kind and size. */
    public Optional<dev.fleetops.core.identity.OperationScope> scope(String id) {
        return store.get(id)
                .flatMap(r -> dev.fleetops.contract.Action.fromMethodName(r.action())
                        .map(a -> r.targetQuery() == null
                                ? dev.fleetops.core.identity.OperationScope.deviceList(a, r.deviceCount())
                                : dev.fleetops.core.identity.OperationScope.filter(a)));
    }

    public List<AuditEvent> audit(String id) {
        return store.auditTrail(id);
    }

    /** For callers that decided access already and name the actor by a label (tests, benchmarks). */
    public Outcome apply(String id, Command command, String deviceId, String actor) {
        return apply(
                id,
                command,
                deviceId,
                AuditContext.named(actor, command.name()),
                scope -> new AccessDecision.Allowed());
    }

    /**
     * An operator command (not {@link Command#APPROVE} or {@link Command#REJECT}: see {@link #approve}, {@link #reject}).
     *
     * @param access for {@link Command#RETRY_FAILED}, which runs the operation's action again: whether the caller may
     *               start an operation of the stored one's scope
     */
    public Outcome apply(
            String id,
            Command command,
            String deviceId,
            AuditContext who,
            Function<OperationScope, AccessDecision> access) {
        if (command == Command.APPROVE || command == Command.REJECT) {
            throw new IllegalArgumentException("use approve() or reject()");
        }
        return audited(id, command, deviceId, null, who, access);
    }

    /** A second Admin's approval: the operation is scheduled. Its creator is refused ({@link Outcome.Forbidden}). */
    public Outcome approve(String id, AuditContext who) {
        return audited(id, Command.APPROVE, null, null, who, scope -> new AccessDecision.Allowed());
    }

    /** An Admin's rejection, with an optional reason: the operation ends {@code rejected} and never runs. */
    public Outcome reject(String id, String reason, AuditContext who) {
        return audited(id, Command.REJECT, null, reason, who, scope -> new AccessDecision.Allowed());
    }

    private Outcome audited(
            String id,
            Command command,
            String deviceId,
            String reason,
            AuditContext who,
            Function<OperationScope, AccessDecision> access) {
        AuditTarget target = new AuditTarget(deviceId, id, null);
        if (command == Command.RETRY_FAILED) {
            Optional<OperationScope> scope = scope(id);
            if (scope.isPresent() && access.apply(scope.get()) instanceof AccessDecision.Forbidden f) {
                audit.denied(who, target, "403 " + f.missingRole().appRole() + " needed: " + f.reason());
                return new Outcome.Forbidden(f, f.reason());
            }
        }
        AuditRecord intent = audit.intent(
                who, target, command.name().toLowerCase(java.util.Locale.ROOT) + (reason == null ? "" : ": " + reason));
        Outcome outcome;
        try {
            outcome = run(id, command, deviceId, reason, who);
        } catch (RuntimeException e) {
            audit.outcome(
                    who, intent, AuditOutcome.UNKNOWN, "failed: " + e.getClass().getSimpleName());
            throw e;
        }
        if (outcome instanceof Outcome.Done done) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.SUCCEEDED,
                    "operation is " + done.operation().state());
        } else if (outcome instanceof Outcome.Forbidden f) {
            audit.outcome(who, intent, AuditOutcome.DENIED, f.reason());
        } else if (outcome instanceof Outcome.NotFound nf) {
            audit.outcome(who, intent, AuditOutcome.REFUSED, "no " + nf.what());
        } else if (outcome instanceof Outcome.Refused r) {
            audit.outcome(who, intent, AuditOutcome.REFUSED, r.reason());
        } else if (outcome instanceof Outcome.RefusedFinished f) {
            audit.outcome(who, intent, AuditOutcome.REFUSED, f.reason());
        }
        return outcome;
    }

    /** Whether every device of the open wave has finished, from the tally. */
    private static boolean openWaveDone(StoredRollout stored) {
        dev.fleetops.core.rollout.Counts wave =
                stored.tally().wave(stored.rollout().openWave());
        return wave.terminal() == wave.total();
    }

    private Outcome run(String id, Command command, String deviceId, String reason, AuditContext who) {
        String actor = who.actor().label();
        for (int attempt = 0; ; attempt++) {
            Optional<StoredRollout> loaded = store.get(id);
            if (loaded.isEmpty()) {
                return new Outcome.NotFound("operation " + id);
            }
            StoredRollout stored = loaded.get();
            // Only the commands that change devices read them: pause, resume and approve decide from the operation's
            // row and its tally, so at 100,000 devices they do not lose the race to the ticks while reading every row.
            Map<String, DeviceExecution> devices = new LinkedHashMap<>();
            boolean tallied = stored.tally() != null && stored.tally().isComplete();
            switch (command) {
                case PAUSE, APPROVE, ADVANCE -> {}
                case RESUME -> {
                    if (!tallied) {
                        store.executions(id).forEach(e -> devices.put(e.deviceId(), e));
                    }
                }
                case CANCEL_DEVICE ->
                    store.executions(id, List.of(deviceId)).forEach(e -> devices.put(e.deviceId(), e));
                default -> store.executions(id).forEach(e -> devices.put(e.deviceId(), e));
            }
            Instant now = clock.instant();
            CommandResult result = switch (command) {
                case PAUSE -> RolloutCommands.pause(stored.rollout(), now, actor);
                case ADVANCE -> RolloutCommands.advance(stored.rollout(), now, actor);
                case RESUME ->
                    tallied
                            ? RolloutCommands.resume(stored.rollout(), openWaveDone(stored), now, actor)
                            : RolloutCommands.resume(stored.rollout(), devices, now, actor);
                case CANCEL -> RolloutCommands.cancel(stored.rollout(), devices, now, actor);
                case RETRY_FAILED -> RolloutCommands.retryFailed(stored.rollout(), devices, now, actor);
                case CANCEL_DEVICE ->
                    devices.containsKey(deviceId)
                            ? RolloutCommands.cancelDevice(stored.rollout(), devices.get(deviceId), now, actor)
                            : null;
                case APPROVE ->
                    RolloutCommands.approve(stored.rollout(), now, who.actor().objectId(), actor);
                case REJECT ->
                    RolloutCommands.reject(
                            stored.rollout(), devices, now, who.actor().objectId(), actor, reason);
            };
            if (result == null) {
                return new Outcome.NotFound("device " + deviceId + " in operation " + id);
            }
            if (result instanceof CommandResult.Refused r) {
                return new Outcome.Refused(r.reason());
            }
            if (result instanceof CommandResult.Forbidden f) {
                return new Outcome.Forbidden(null, f.reason());
            }
            if (result instanceof CommandResult.RefusedFinished f) {
                return new Outcome.RefusedFinished(f.reason(), f.retryDeviceIds(), f.truncated());
            }
            var plan = ((CommandResult.Applied) result).plan();
            try {
                store.save(
                        stored.withRollout(plan.rollout()).tallied(devices, plan.changed()),
                        devices,
                        plan.changed(),
                        plan.events().stream()
                                .map(ev -> AuditEvent.of(now, actor, ev))
                                .toList());
            } catch (ConcurrentUpdateException e) {
                if (attempt == 0) {
                    continue;
                }
                throw e;
            }
            return new Outcome.Done(get(id).orElseThrow());
        }
    }

    /** Everything stored about the operation now, which its report is made from; empty for an unknown id. */
    public Optional<RolloutSnapshot> snapshot(String id) {
        return store.get(id)
                .map(r -> new RolloutSnapshot(r, store.executions(id), store.auditTrail(id), clock.instant()));
    }
}
