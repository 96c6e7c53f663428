package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import java.util.List;
import java.util.Optional;

/** Forwards to another store; tests (here and end to end) override one method to inject a failure. */
public class DelegatingStore implements RolloutStore {
    private final RolloutStore inner;

    public DelegatingStore(RolloutStore inner) {
        this.inner = inner;
    }

    @Override
    public CreateResult create(
            StoredRollout rollout, List<DeviceExecution> executions, String idempotencyKey, String requestHash) {
        return inner.create(rollout, executions, idempotencyKey, requestHash);
    }

    @Override
    public Optional<StoredRollout> get(String id) {
        return inner.get(id);
    }

    @Override
    public List<StoredRollout> list(int max, java.util.function.Predicate<StoredRollout> keep) {
        return inner.list(max, keep);
    }

    @Override
    public List<StoredRollout> active() {
        return inner.active();
    }

    @Override
    public List<DeviceExecution> executions(String id) {
        return inner.executions(id);
    }

    @Override
    public Page<DeviceExecution> executions(String id, ExecutionState state, String continuationToken, int pageSize) {
        return inner.executions(id, state, continuationToken, pageSize);
    }

    @Override
    public StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed) {
        return inner.save(rollout, changed);
    }

    @Override
    public void audit(String id, AuditEvent event) {
        inner.audit(id, event);
    }

    @Override
    public void appendAnswers(String id, List<DispatchAnswer> answers) {
        inner.appendAnswers(id, answers);
    }

    @Override
    public List<DispatchAnswer> answers(String id, int limit) {
        return inner.answers(id, limit);
    }

    @Override
    public void removeAnswers(String id, List<DispatchAnswer> answers) {
        inner.removeAnswers(id, answers);
    }

    @Override
    public List<AuditEvent> auditTrail(String id) {
        return inner.auditTrail(id);
    }

    @Override
    public List<DeviceExecution> executions(String id, java.util.Collection<String> deviceIds) {
        return inner.executions(id, deviceIds);
    }

    @Override
    public List<DeviceExecution> queued(String id, int maxWave, java.time.Instant dueBy, int limit) {
        return inner.queued(id, maxWave, dueBy, limit);
    }

    @Override
    public List<DeviceExecution> inProgress(String id, java.time.Instant dispatchedBy, int limit) {
        return inner.inProgress(id, dispatchedBy, limit);
    }
}
