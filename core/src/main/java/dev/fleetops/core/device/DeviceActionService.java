package dev.fleetops.core.device;

import com.google.gson.JsonElement;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.firmware.FirmwareCatalogService;
import dev.fleetops.core.hub.DeviceIds;
import dev.fleetops.core.hub.DeviceReply;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.core.hub.MethodInvoker;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Starts one action on one device: validates the request with the action's own parser, gives it an
 * operation id, invokes the direct method and interprets the device's answer. The action itself runs
 * on the device; progress is read later from its twin.
 *
 * <p>A valid request is audited ({@link Auditor}): its intent before the direct method is sent (if that cannot be
 * recorded the method is not sent: {@link dev.fleetops.core.audit.AuditUnavailableException}), its outcome after.
 */
public final class DeviceActionService {
    private final MethodInvoker methods;
    private final Clock clock;
    private final Auditor audit;
    private final FirmwareCatalogService firmware;

    public DeviceActionService(MethodInvoker methods) {
        this(methods, Clock.systemUTC());
    }

    /** @param clock stamps when a device acknowledged a request */
    public DeviceActionService(MethodInvoker methods, Clock clock) {
        this(methods, clock, Auditor.NONE);
    }

    /** @param audit records each request's intent and outcome */
    public DeviceActionService(MethodInvoker methods, Clock clock, Auditor audit) {
        this(methods, clock, audit, null);
    }

    /**
     * @param firmware resolves a firmware update naming a catalog version and signs the catalog package's read link
     *                 for this one call (docs/firmware-catalog.md), or null for no catalog
     */
    public DeviceActionService(MethodInvoker methods, Clock clock, Auditor audit, FirmwareCatalogService firmware) {
        this.firmware = firmware;
        this.methods = Objects.requireNonNull(methods, "'methods' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
        this.audit = Objects.requireNonNull(audit, "'audit' cannot be null.");
    }

    /**
     * For callers without a platform principal (tests, tools): audited as "unknown".
     *
     * @param body the strictly parsed request body, or null when the request had none
     */
    public ActionOutcome start(Action<?, ?> action, String deviceId, JsonElement body) {
        return start(action, deviceId, body, AuditContext.named("unknown", "DeviceAction"));
    }

    /**
     * @param body the strictly parsed request body, or null when the request had none
     * @param who  the caller and the request, for the audit
     */
    public ActionOutcome start(Action<?, ?> action, String deviceId, JsonElement body, AuditContext who) {
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            return new ActionOutcome.InvalidRequest(List.of(new FieldError("deviceId", idProblem)));
        }
        if (firmware != null && firmware.serves(action)) {
            Parsed<JsonElement> resolved = firmware.resolve(body, "");
            if (resolved instanceof Parsed.Invalid<JsonElement> bad) {
                return new ActionOutcome.InvalidRequest(bad.errors());
            }
            body = ((Parsed.Valid<JsonElement>) resolved).value();
        }
        Parsed<? extends ActionRequest> parsed = action.parse(body, true);
        if (parsed instanceof Parsed.Invalid<? extends ActionRequest> bad) {
            return new ActionOutcome.InvalidRequest(bad.errors());
        }
        ActionRequest parsedRequest = ((Parsed.Valid<? extends ActionRequest>) parsed).value();
        if (OperationIds.isAttemptForm(parsedRequest.operationId())) {
            return new ActionOutcome.InvalidRequest(List.of(new FieldError(
                    "operationId",
                    "must not end in '.a<number>': that form is reserved for fleet operations' attempts")));
        }
        String operationId = parsedRequest.operationId() == null ? OperationIds.newId() : parsedRequest.operationId();
        ActionRequest request = parsedRequest.withOperationId(operationId);
        // A catalog package's link is signed before the intent: if storage cannot sign it, nothing was attempted.
        JsonElement payload = payload(request);
        AuditRecord intent = audit.intent(who, AuditTarget.device(deviceId, operationId), action.methodName());
        ActionOutcome outcome;
        try {
            MethodCallResult result = methods.invoke(deviceId, action.methodName(), payload);
            outcome = result instanceof HubFailure failure
                    ? new ActionOutcome.HubFailed(deviceId, failure)
                    : interpret(deviceId, action, operationId, (MethodAnswer) result, clock.instant());
        } catch (RuntimeException e) {
            audit.outcome(
                    who,
                    intent,
                    AuditOutcome.UNKNOWN,
                    "no answer: " + e.getClass().getSimpleName());
            throw e;
        }
        audit.outcome(who, intent, auditOutcome(outcome), auditDetail(outcome));
        return outcome;
    }

    /** The method payload; a catalog package's plain URL replaced by a read link for this call only. */
    private JsonElement payload(ActionRequest request) {
        JsonElement json = StrictJson.GSON.toJsonTree(request);
        if (firmware != null && json instanceof com.google.gson.JsonObject o && o.get("packageUri") != null) {
            java.time.Instant until = clock.instant().plus(firmware.settings().readLinkLifetime());
            firmware.links()
                    .readLink(o.get("packageUri").getAsString(), until)
                    .ifPresent(link -> o.addProperty("packageUri", link));
        }
        return json;
    }

    /** Whether the action took effect, as far as the answer tells. */
    public static AuditOutcome auditOutcome(ActionOutcome outcome) {
        if (outcome instanceof ActionOutcome.Acknowledged) {
            return AuditOutcome.SUCCEEDED;
        }
        if (outcome instanceof ActionOutcome.DeviceRejected) {
            return AuditOutcome.REFUSED;
        }
        if (outcome instanceof ActionOutcome.HubFailed h) {
            return switch (h.failure().kind()) {
                // Delivered, or perhaps delivered: the device may have started.
                case DEVICE_TIMEOUT, UNAVAILABLE, OTHER -> AuditOutcome.UNKNOWN;
                // Never reached the device.
                case DEVICE_NOT_FOUND, DEVICE_OFFLINE, THROTTLED, UNAUTHORIZED -> AuditOutcome.FAILED;
            };
        }
        return AuditOutcome.FAILED;
    }

    private static String auditDetail(ActionOutcome outcome) {
        if (outcome instanceof ActionOutcome.Accepted) {
            return "accepted: the device started the operation";
        }
        if (outcome instanceof ActionOutcome.Duplicate) {
            return "duplicate: the device already had this operation; nothing new started";
        }
        if (outcome instanceof ActionOutcome.AlreadyCurrent) {
            return "current: the goal was already met; nothing started";
        }
        if (outcome instanceof ActionOutcome.DeviceRejected r) {
            return "the device refused (" + r.deviceStatus() + "): " + r.message();
        }
        if (outcome instanceof ActionOutcome.DeviceError e) {
            return "the device failed (" + e.deviceStatus() + "): " + e.message();
        }
        if (outcome instanceof ActionOutcome.HubFailed h) {
            return "hub: " + h.failure().kind().name().toLowerCase(java.util.Locale.ROOT);
        }
        return outcome.getClass().getSimpleName();
    }

    static ActionOutcome interpret(
            String deviceId, Action<?, ?> action, String operationId, MethodAnswer answer, Instant at) {
        DeviceReply reply = DeviceReply.of(answer);
        if (reply instanceof DeviceReply.Refused r) {
            return new ActionOutcome.DeviceRejected(deviceId, r.status(), r.message(), r.runningOperationId());
        }
        if (reply instanceof DeviceReply.Failed f) {
            return new ActionOutcome.DeviceError(deviceId, f.status(), f.message());
        }
        if (reply instanceof DeviceReply.Duplicate) {
            return new ActionOutcome.Duplicate(deviceId, action, operationId, reply.message(), at);
        }
        if (reply instanceof DeviceReply.Current) {
            return new ActionOutcome.AlreadyCurrent(deviceId, action, operationId, reply.message(), at);
        }
        return new ActionOutcome.Accepted(deviceId, action, operationId, reply.message(), at);
    }
}
