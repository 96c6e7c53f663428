package dev.fleetops.core.rollout.service;

import dev.fleetops.core.identity.AccessDecision;
import dev.fleetops.core.identity.OperationScope;
import java.util.function.Function;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutEvent;
import dev.fleetops.core.rollout.WaveAssignment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Creates rollouts (the HTTP API's fleet operations, docs/rollouts.md#glossary): validates the request, resolves the target to device ids (explicit list,
 * or a structured filter turned into a safe query), assigns waves and stores everything, idempotently
 * per {@code Idempotency-Key}. Dispatch happens later, in {@link RolloutTicker}.
 */
public final class RolloutService {
    /** Filters resolving to more devices than this are refused rather than silently truncated. */
    public static final int MAX_DEVICES = 100_000;

    private final RolloutStore store;
    private final TwinQueries queries;
    private final Clock clock;

    public RolloutService(RolloutStore store, TwinQueries queries, Clock clock) {
        this.store = Objects.requireNonNull(store, "'store' cannot be null.");
        this.queries = Objects.requireNonNull(queries, "'queries' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /** Outcome of {@link #create}. */
    public sealed interface CreateOutcome {
        record Created(StoredRollout rollout) implements CreateOutcome {
        }

        record Existing(StoredRollout rollout) implements CreateOutcome {
        }

        record Invalid(List<FieldError> errors) implements CreateOutcome {
        }

        record KeyConflict(String existingId) implements CreateOutcome {
        }

        /** The caller may not start this operation (its action, target kind or size needs a higher role); nothing was written. */
        record Forbidden(dev.fleetops.core.identity.AccessDecision.Forbidden decision) implements CreateOutcome {
        }

        record HubFailed(dev.fleetops.core.hub.HubFailure failure) implements CreateOutcome {
        }
    }

    /** For callers that decided access already (tests, benchmarks): anyone may start anything. */
    public CreateOutcome create(JsonObject body, String idempotencyKey, String actor) {
        return create(body, idempotencyKey, actor, scope -> new AccessDecision.Allowed());
    }

    /**
     * @param access decides, once the request is parsed and before anything is queried or written, whether the caller
     *               may start an operation of this scope (its action, target kind and size)
     */
    public CreateOutcome create(JsonObject body, String idempotencyKey, String actor,
                                Function<OperationScope, AccessDecision> access) {
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 200)) {
            return new CreateOutcome.Invalid(List.of(new FieldError("Idempotency-Key", "must be 1 to 200 characters")));
        }
        Instant now = clock.instant();
        Parsed<RolloutRequest> parsed = RolloutRequest.parse(body, now);
        if (parsed instanceof Parsed.Invalid<RolloutRequest> bad) {
            return new CreateOutcome.Invalid(bad.errors());
        }
        RolloutRequest req = ((Parsed.Valid<RolloutRequest>) parsed).value();
        OperationScope scope = req.deviceIds() != null ? OperationScope.deviceList(req.action(), req.deviceIds().size())
                : OperationScope.filter(req.action());
        if (access.apply(scope) instanceof AccessDecision.Forbidden no) {
            return new CreateOutcome.Forbidden(no);
        }
        List<String> devices;
        String query = null;
        if (req.deviceIds() != null) {
            devices = req.deviceIds();
        } else {
            query = req.filter().toQuery();
            try {
                devices = new ArrayList<>();
                for (JsonObject row : queries.query(query, MAX_DEVICES + 1)) {
                    JsonElement id = row.get("deviceId");
                    if (id != null && id.isJsonPrimitive()) {
                        devices.add(id.getAsString());
                    }
                }
            } catch (HubCallException e) {
                return new CreateOutcome.HubFailed(e.failure());
            }
            if (devices.size() > MAX_DEVICES) {
                return new CreateOutcome.Invalid(List.of(new FieldError("target.filter", "matches more than " + MAX_DEVICES + " devices")));
            }
        }
        if (devices.isEmpty()) {
            return new CreateOutcome.Invalid(List.of(new FieldError("target", "matches no devices")));
        }
        String id = UUID.randomUUID().toString();
        Rollout rollout = Rollout.scheduled(id, req.config(), now);
        List<DeviceExecution> executions = new ArrayList<>();
        WaveAssignment.assign(id, devices, req.config().waves()).forEach((d, w) -> executions.add(DeviceExecution.queued(d, w, now)));
        StoredRollout stored = new StoredRollout(rollout, req.action().methodName(), req.actionPayload(), query, devices.size(), actor, null);
        RolloutStore.CreateResult result = store.create(stored, executions, idempotencyKey, sha256(body.toString()));
        if (result instanceof RolloutStore.CreateResult.Created c) {
            store.audit(id, AuditEvent.of(now, actor, new RolloutEvent.Created(req.action().methodName(), devices.size(),
                    req.config().waves().waveCount())));
            return new CreateOutcome.Created(c.rollout());
        }
        if (result instanceof RolloutStore.CreateResult.Existing e) {
            return new CreateOutcome.Existing(e.rollout());
        }
        return new CreateOutcome.KeyConflict(((RolloutStore.CreateResult.KeyConflict) result).existingId());
    }

    /** Per-state and per-wave counts for one operation. */
    public static RolloutSummary summarize(StoredRollout r, List<DeviceExecution> executions, Instant now) {
        return RolloutSummary.of(r, executions, now);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
