package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.CommandResult;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.RolloutCommands;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of, and operator commands on, stored rollouts. Commands load, apply the pure transition
 * from {@link RolloutCommands}, save under the etag (retrying once if a tick saved in between) and
 * append to the audit trail.
 */
public final class RolloutControl {
    public enum Command { PAUSE, RESUME, CANCEL, RETRY_FAILED, CANCEL_DEVICE }

    /** Outcome of a command. */
    public sealed interface Outcome {
        record Done(RolloutSummary operation) implements Outcome {
        }

        record NotFound(String what) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }

        /**
         * Retry on a finished operation: refused, because finished operations are final; the devices a
         * new operation would target, at most {@link dev.fleetops.core.rollout.RolloutCommands#MAX_RETRY_IDS}.
         */
        record RefusedFinished(String reason, List<String> retryDeviceIds, boolean truncated) implements Outcome {
        }
    }

    private final RolloutStore store;
    private final Clock clock;

    public RolloutControl(RolloutStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<RolloutSummary> get(String id) {
        return store.get(id).map(r -> RolloutSummary.of(r, store.executions(id), clock.instant()));
    }

    public List<RolloutSummary> list(int max) {
        Instant now = clock.instant();
        return store.list(max).stream().map(r -> RolloutSummary.of(r, store.executions(r.rollout().id()), now)).toList();
    }

    public Optional<Page<DeviceExecution>> devices(String id, ExecutionState state, String continuationToken, int pageSize) {
        return store.get(id).map(r -> store.executions(id, state, continuationToken, pageSize));
    }

    /** What an operation does, for the access policy: its action, target kind and size. */
    public Optional<dev.fleetops.core.identity.OperationScope> scope(String id) {
        return store.get(id).flatMap(r -> dev.fleetops.contract.Action.fromMethodName(r.action()).map(a -> r.targetQuery() == null
                ? dev.fleetops.core.identity.OperationScope.deviceList(a, r.deviceCount())
                : dev.fleetops.core.identity.OperationScope.filter(a)));
    }

    public List<AuditEvent> audit(String id) {
        return store.auditTrail(id);
    }

    public Outcome apply(String id, Command command, String deviceId, String actor) {
        for (int attempt = 0; ; attempt++) {
            Optional<StoredRollout> loaded = store.get(id);
            if (loaded.isEmpty()) {
                return new Outcome.NotFound("operation " + id);
            }
            StoredRollout stored = loaded.get();
            Map<String, DeviceExecution> devices = new LinkedHashMap<>();
            store.executions(id).forEach(e -> devices.put(e.deviceId(), e));
            Instant now = clock.instant();
            CommandResult result = switch (command) {
                case PAUSE -> RolloutCommands.pause(stored.rollout(), now, actor);
                case RESUME -> RolloutCommands.resume(stored.rollout(), devices, now, actor);
                case CANCEL -> RolloutCommands.cancel(stored.rollout(), devices, now, actor);
                case RETRY_FAILED -> RolloutCommands.retryFailed(stored.rollout(), devices, now, actor);
                case CANCEL_DEVICE -> devices.containsKey(deviceId)
                        ? RolloutCommands.cancelDevice(stored.rollout(), devices.get(deviceId), now, actor)
                        : null;
            };
            if (result == null) {
                return new Outcome.NotFound("device " + deviceId + " in operation " + id);
            }
            if (result instanceof CommandResult.Refused r) {
                return new Outcome.Refused(r.reason());
            }
            if (result instanceof CommandResult.RefusedFinished f) {
                return new Outcome.RefusedFinished(f.reason(), f.retryDeviceIds(), f.truncated());
            }
            var plan = ((CommandResult.Applied) result).plan();
            try {
                store.save(stored.withRollout(plan.rollout()), plan.changed());
            } catch (ConcurrentUpdateException e) {
                if (attempt == 0) {
                    continue;
                }
                throw e;
            }
            plan.events().forEach(ev -> store.audit(id, AuditEvent.of(now, actor, ev)));
            return new Outcome.Done(get(id).orElseThrow());
        }
    }

    /** Everything stored about the operation now, which its report is made from; empty for an unknown id. */
    public Optional<RolloutSnapshot> snapshot(String id) {
        return store.get(id).map(r -> new RolloutSnapshot(r, store.executions(id), store.auditTrail(id), clock.instant()));
    }
}
