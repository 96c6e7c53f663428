package dev.fleetops.core.rollout.service;

import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.firmware.CatalogReference;
import dev.fleetops.core.firmware.FirmwareCatalogService;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.identity.AccessDecision;
import dev.fleetops.core.identity.OperationScope;
import dev.fleetops.core.rollout.Approval;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutEvent;
import dev.fleetops.core.rollout.WaveAssignment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Creates rollouts (the HTTP API's fleet operations, docs/rollouts.md#glossary): validates the request, resolves the target to device ids (explicit list,
 * or a structured filter turned into a safe query), assigns waves and stores everything, idempotently
 * per {@code Idempotency-Key}. Dispatch happens later, in {@link RolloutTicker}. An operation that
 * {@link ApprovalPolicy} names is created {@code pendingApproval} and waits for a second Admin.
 *
 * <p>Idempotency keys are the caller's own: the key stored is the caller's object id and the key, so one key from two
 * callers names two requests. The request is compared by the hash of its {@link CanonicalJson} form (key order and
 * spacing do not matter). A key expires {@link RolloutStore#IDEMPOTENCY_TTL} after its request.
 *
 * <p>Audit ({@link Auditor}): a caller refused by the operation's scope is recorded as denied; otherwise the intent is
 * recorded once the target is resolved and before anything is stored, and its outcome after.
 */
public final class RolloutService {
    /** Filters resolving to more devices than this are refused rather than silently truncated. */
    public static final int MAX_DEVICES = 100_000;

    private final RolloutStore store;
    private final Clock clock;
    private final Auditor audit;
    private final ApprovalPolicy approvals;
    private final TwinQueries registry;
    private final FirmwareCatalogService firmware;

    public RolloutService(RolloutStore store, Clock clock) {
        this(store, clock, Auditor.NONE, ApprovalPolicy.OFF);
    }

    /**
     * @param audit     records each creation's intent and outcome, and scope refusals
     * @param approvals which operations wait for a second Admin
     */
    public RolloutService(RolloutStore store, Clock clock, Auditor audit, ApprovalPolicy approvals) {
        this(store, clock, audit, approvals, null);
    }

    /** @param registry answers which listed devices the hub knows ({@link RegistryCheck}), or null not to ask */
    public RolloutService(
            RolloutStore store, Clock clock, Auditor audit, ApprovalPolicy approvals, TwinQueries registry) {
        this(store, clock, audit, approvals, registry, null);
    }

    /**
     * @param firmware resolves a {@code firmware} payload that names a catalog version ({@code {"catalogVersion":
     *                 "2.1.0"}}), or null for no catalog
     */
    public RolloutService(
            RolloutStore store,
            Clock clock,
            Auditor audit,
            ApprovalPolicy approvals,
            TwinQueries registry,
            FirmwareCatalogService firmware) {
        this.firmware = firmware;
        this.registry = registry;
        this.store = Objects.requireNonNull(store, "'store' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
        this.audit = Objects.requireNonNull(audit, "'audit' cannot be null.");
        this.approvals = Objects.requireNonNull(approvals, "'approvals' cannot be null.");
    }

    /**
     * The body with a catalog version in {@code firmware} replaced by what it stands for (errors name {@code
     * firmware.catalogVersion}). The caller's body is not changed: the idempotency hash is of what the caller sent.
     */
    private Parsed<JsonObject> withCatalogResolved(JsonObject body) {
        if (firmware == null || !CatalogReference.names(body.get("firmware"))) {
            return new Parsed.Valid<>(body);
        }
        Parsed<com.google.gson.JsonElement> resolved = firmware.resolve(body.get("firmware"), "firmware");
        if (resolved instanceof Parsed.Invalid<com.google.gson.JsonElement> bad) {
            return new Parsed.Invalid<>(bad.errors());
        }
        JsonObject copy = body.deepCopy();
        copy.add("firmware", ((Parsed.Valid<com.google.gson.JsonElement>) resolved).value());
        return new Parsed.Valid<>(copy);
    }

    /** Outcome of {@link #create}. */
    public sealed interface CreateOutcome {
        record Created(StoredRollout rollout) implements CreateOutcome {}

        record Existing(StoredRollout rollout) implements CreateOutcome {}

        record Invalid(List<FieldError> errors) implements CreateOutcome {}

        record KeyConflict(String existingId) implements CreateOutcome {}

        /** The caller may not start this operation (its action, target kind or size needs a higher role); nothing was written. */
        record Forbidden(dev.fleetops.core.identity.AccessDecision.Forbidden decision) implements CreateOutcome {}
    }

    /** For callers that decided access already (tests, benchmarks): anyone may start anything. */
    public CreateOutcome create(JsonObject body, String idempotencyKey, String actor) {
        return create(body, idempotencyKey, actor, scope -> new AccessDecision.Allowed());
    }

    /** For callers that name the actor by a label only (tests, benchmarks). */
    public CreateOutcome create(
            JsonObject body, String idempotencyKey, String actor, Function<OperationScope, AccessDecision> access) {
        return create(body, idempotencyKey, AuditContext.named(actor, "CreateOperation"), access);
    }

    /**
     * @param who    the caller (its object id scopes the idempotency key, and is the one that can never approve the
     *               operation) and the request, for the audit
     * @param access decides, once the request is parsed and before anything is queried or written, whether the caller
     *               may start an operation of this scope (its action, target kind and size)
     */
    public CreateOutcome create(
            JsonObject body, String idempotencyKey, AuditContext who, Function<OperationScope, AccessDecision> access) {
        String actor = who.actor().label();
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 200)) {
            return new CreateOutcome.Invalid(List.of(new FieldError("Idempotency-Key", "must be 1 to 200 characters")));
        }
        Instant now = clock.instant();
        Parsed<JsonObject> resolved = withCatalogResolved(body);
        if (resolved instanceof Parsed.Invalid<JsonObject> unresolved) {
            return new CreateOutcome.Invalid(unresolved.errors());
        }
        Parsed<RolloutRequest> parsed = RolloutRequest.parse(((Parsed.Valid<JsonObject>) resolved).value(), now);
        if (parsed instanceof Parsed.Invalid<RolloutRequest> bad) {
            return new CreateOutcome.Invalid(bad.errors());
        }
        RolloutRequest req = ((Parsed.Valid<RolloutRequest>) parsed).value();
        OperationScope scope = req.deviceIds() != null
                ? OperationScope.deviceList(req.action(), req.deviceIds().size())
                : OperationScope.filter(req.action());
        if (access.apply(scope) instanceof AccessDecision.Forbidden no) {
            audit.denied(who, AuditTarget.NONE, "403 " + no.missingRole().appRole() + " needed: " + no.reason());
            return new CreateOutcome.Forbidden(no);
        }
        // A device list is checked here; a filter is only validated: the fleet query runs in the timer (the operation
        // is "resolving" until then), never in the request: it may take many pages at the hub's query rate.
        List<String> devices = req.deviceIds() != null ? req.deviceIds() : List.of();
        String query = req.deviceIds() != null ? null : req.filter().toQuery();
        if (query == null) {
            List<FieldError> unknown = RegistryCheck.unknown(registry, devices);
            if (!unknown.isEmpty()) {
                return new CreateOutcome.Invalid(unknown);
            }
        }
        Optional<String> emptyWave = query == null ? req.config().waves().emptyWave(devices.size()) : Optional.empty();
        if (emptyWave.isPresent()) {
            return new CreateOutcome.Invalid(
                    List.of(new FieldError("rollout.waves", emptyWave.get() + "; every wave needs at least one")));
        }
        String id = UUID.randomUUID().toString();
        Optional<String> needsApproval = approvals.reasonFor(scope, devices.size());
        Approval approval = needsApproval.isEmpty()
                ? null
                : Approval.requested(who.actor().objectId(), actor, now, approvals.validFor());
        Rollout rollout = query != null
                ? Rollout.resolving(id, req.config(), now, approval)
                : approval != null
                        ? Rollout.pendingApproval(id, req.config(), now, approval)
                        : Rollout.scheduled(id, req.config(), now);
        List<DeviceExecution> executions =
                WaveAssignment.queued(id, devices, req.config().waves(), now);
        StoredRollout stored = new StoredRollout(
                rollout, req.action().methodName(), req.actionPayload(), query, devices.size(), actor, null);
        AuditRecord intent = audit.intent(
                who,
                AuditTarget.operation(id),
                "create " + req.action().methodName()
                        + (query == null
                                ? " on " + devices.size() + " devices (device list)"
                                : " on a filter's devices")
                        + needsApproval.map(why -> ", needs approval: " + why).orElse(""));
        RolloutStore.CreateResult result;
        try {
            result = store.create(
                    stored.withTally(dev.fleetops.core.rollout.Tally.of(
                            executions, req.config().waves().waveCount())),
                    executions,
                    scopedKey(who, idempotencyKey),
                    sha256(CanonicalJson.of(body)));
        } catch (RuntimeException e) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.UNKNOWN,
                    "store failed: " + e.getClass().getSimpleName());
            throw e;
        }
        if (result instanceof RolloutStore.CreateResult.Created c) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.SUCCEEDED,
                    "created " + rollout.state().wireName());
            store.audit(
                    id,
                    AuditEvent.of(
                            now,
                            actor,
                            new RolloutEvent.Created(
                                    req.action().methodName(),
                                    devices.size(),
                                    req.config().waves().waveCount())));
            if (approval != null) {
                store.audit(
                        id, AuditEvent.of(now, actor, new RolloutEvent.ApprovalRequested(actor, approval.expiresAt())));
            }
            return new CreateOutcome.Created(c.rollout());
        }
        if (result instanceof RolloutStore.CreateResult.Existing e) {
            String existing = e.rollout().rollout().id();
            audit.outcome(
                    who,
                    intent,
                    AuditTarget.operation(existing),
                    AuditOutcome.SUCCEEDED,
                    "replayed: the Idempotency-Key names operation " + existing + "; nothing created");
            return new CreateOutcome.Existing(e.rollout());
        }
        String conflict = ((RolloutStore.CreateResult.KeyConflict) result).existingId();
        audit.outcome(
                who,
                intent,
                AuditOutcome.REFUSED,
                "the Idempotency-Key was used for another request (operation " + conflict + ")");
        return new CreateOutcome.KeyConflict(conflict);
    }

    /** What {@link #preview} found. */
    public sealed interface PreviewOutcome {
        record Ready(RolloutPreview preview) implements PreviewOutcome {}

        record Invalid(List<FieldError> errors) implements PreviewOutcome {}
    }

    /**
     * Validates a create request exactly as {@link #create} does and says what it would target, writing nothing. A
     * filter is counted with one {@code COUNT()} query and sampled with one bounded query, so a preview costs two hub
     * queries whatever the fleet's size.
     *
     * @throws dev.fleetops.core.hub.HubCallException when the hub cannot answer a filter's queries
     */
    public PreviewOutcome preview(JsonObject body) {
        Parsed<JsonObject> resolved = withCatalogResolved(body);
        if (resolved instanceof Parsed.Invalid<JsonObject> unresolved) {
            return new PreviewOutcome.Invalid(unresolved.errors());
        }
        Parsed<RolloutRequest> parsed =
                RolloutRequest.parse(((Parsed.Valid<JsonObject>) resolved).value(), clock.instant());
        if (parsed instanceof Parsed.Invalid<RolloutRequest> bad) {
            return new PreviewOutcome.Invalid(bad.errors());
        }
        RolloutRequest req = ((Parsed.Valid<RolloutRequest>) parsed).value();
        String action = req.action().methodName();
        if (req.deviceIds() != null) {
            List<String> devices = req.deviceIds();
            List<FieldError> unknown = RegistryCheck.unknown(registry, devices);
            if (!unknown.isEmpty()) {
                return new PreviewOutcome.Invalid(unknown);
            }
            OperationScope scope = OperationScope.deviceList(req.action(), devices.size());
            return new PreviewOutcome.Ready(new RolloutPreview(
                    action,
                    "deviceList",
                    devices.size(),
                    devices.subList(0, Math.min(devices.size(), RolloutPreview.SAMPLE_SIZE)),
                    req.config().waves().sizes(devices.size()),
                    approvals.reasonFor(scope, devices.size()).orElse(null),
                    req.config().waves().emptyWave(devices.size()).orElse(null)));
        }
        if (registry == null) {
            throw new IllegalStateException("previewing a filter needs the hub's registry queries");
        }
        String query = req.filter().toQuery();
        int count = countOf(registry.query(req.filter().toCountQuery(), 1));
        List<String> sample = new java.util.ArrayList<>();
        if (count > 0) {
            for (JsonObject row : registry.query(query, RolloutPreview.SAMPLE_SIZE)) {
                if (row.get("deviceId") instanceof com.google.gson.JsonPrimitive p && p.isString()) {
                    sample.add(p.getAsString());
                }
            }
        }
        String problem = count == 0
                ? "the filter matches no device now"
                : count > MAX_DEVICES
                        ? "the filter matches " + count + " devices; an operation takes at most " + MAX_DEVICES
                        : req.config().waves().emptyWave(count).orElse(null);
        return new PreviewOutcome.Ready(new RolloutPreview(
                action,
                "filter",
                count,
                sample,
                req.config().waves().sizes(count),
                approvals.reasonFor(OperationScope.filter(req.action()), count).orElse(null),
                problem));
    }

    private static int countOf(List<JsonObject> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        com.google.gson.JsonElement n = rows.get(0).get("n");
        if (n instanceof com.google.gson.JsonPrimitive p && p.isNumber()) {
            long v = p.getAsLong();
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
        }
        return 0;
    }

    /** The caller's own key: a key names a request of one principal only. */
    static String scopedKey(AuditContext who, String idempotencyKey) {
        return idempotencyKey == null ? null : who.actor().objectId() + "\n" + idempotencyKey;
    }

    /** Per-state and per-wave counts for one operation. */
    public static RolloutSummary summarize(StoredRollout r, List<DeviceExecution> executions, Instant now) {
        return RolloutSummary.of(r, executions, now);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
