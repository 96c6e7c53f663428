package dev.fleetops.core.status;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.hub.DeviceIds;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinLookup;
import dev.fleetops.core.hub.TwinReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a device's device-management state from its twin, optionally focused on one operation.
 *
 * <p>A twin keeps one section per action, so an operation disappears from it once a newer operation of
 * the same action reports. The status URL of a single-device action therefore names the action and when
 * the device accepted it; with those an operation the twin does not mention reads as {@value
 * OperationView#SUPERSEDED} when its section reports an operation started after it, as {@value
 * OperationView#UNKNOWN} when {@link #UNKNOWN_AFTER} has passed without a report, and as {@value
 * OperationView#PENDING} otherwise. Without them (older URLs) it reads as pending, as it always did.
 */
public final class DeviceStatusService {
    /**
     * How far a device's clock may be ahead of the back-end's: an operation counts as started after the
     * acceptance only if the device says it started at least this much later, so a late report of an older
     * operation is never mistaken for a newer one.
     */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** A device reports an accepted operation within seconds; after this, silence means FleetOps cannot tell. */
    public static final Duration UNKNOWN_AFTER = Duration.ofMinutes(10);

    private final TwinReader twins;
    private final List<Action<?, ?>> actions;
    private final Clock clock;

    public DeviceStatusService(TwinReader twins) {
        this(twins, Action.all(), Clock.systemUTC());
    }

    /** @param actions the actions whose sections are read (FleetOps ships {@link Action#all()}) */
    public DeviceStatusService(TwinReader twins, List<Action<?, ?>> actions) {
        this(twins, actions, Clock.systemUTC());
    }

    public DeviceStatusService(TwinReader twins, List<Action<?, ?>> actions, Clock clock) {
        this.twins = Objects.requireNonNull(twins, "'twins' cannot be null.");
        this.actions = List.copyOf(actions);
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /**
     * @param operationId the operation to report on, or null for none
     */
    public StatusOutcome status(String deviceId, String operationId) {
        return status(deviceId, operationId, null, null);
    }

    /**
     * @param operationId the operation to report on, or null for none
     * @param action      the operation's action (method name) as its status URL names it, or null
     * @param acceptedAt  when the device accepted the operation (ISO-8601, back-end clock) as its status URL
     *                    says, or null
     */
    public StatusOutcome status(String deviceId, String operationId, String action, String acceptedAt) {
        List<FieldError> errors = new ArrayList<>();
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            errors.add(new FieldError("deviceId", idProblem));
        }
        if (operationId != null && !OperationIds.isValid(operationId)) {
            errors.add(new FieldError("operationId", "is not a valid operation id"));
        }
        Action<?, ?> namedAction =
                action == null ? null : Action.find(actions, action).orElse(null);
        if (action != null && namedAction == null) {
            errors.add(new FieldError("action", "must be " + Action.describe(actions)));
        }
        Instant accepted =
                acceptedAt == null ? null : Timestamps.parse(acceptedAt).orElse(null);
        if (acceptedAt != null && accepted == null) {
            errors.add(new FieldError("acceptedAt", "must be an ISO-8601 UTC time such as 2026-01-31T22:00:00.000Z"));
        }
        if (!errors.isEmpty()) {
            return new StatusOutcome.InvalidRequest(errors);
        }
        TwinLookup lookup = twins.read(deviceId);
        if (lookup instanceof HubFailure failure) {
            return new StatusOutcome.HubFailed(failure);
        }
        DeviceTwin twin = (DeviceTwin) lookup;
        DmReported dm = DmReported.fromReported(twin.reported());
        Map<String, ActionReport> sections = new LinkedHashMap<>();
        for (Action<?, ?> a : actions) {
            ActionReport r = dm.section(a);
            if (r != null) {
                sections.put(a.reportedSection(), r);
            }
        }
        OperationView op = operationId == null
                ? null
                : find(sections.values(), operationId, namedAction, accepted, clock.instant());
        return new StatusOutcome.Found(new DeviceStatus(
                twin.deviceId(), twin.connectionState(), twin.lastActivityTime(), dm.firmwareVersion(), sections, op));
    }

    /**
     * The section that carries {@code operationId}; if none does, superseded, unknown or pending (see the
     * class comment). {@code action} and {@code accepted} may be null.
     */
    static OperationView find(
            Iterable<ActionReport> sections, String operationId, Action<?, ?> action, Instant accepted, Instant now) {
        for (ActionReport r : sections) {
            if (operationId.equals(r.operationId()) && r.status() != null) {
                return OperationView.reported(r.action(), r);
            }
        }
        if (accepted == null) {
            return OperationView.pending(operationId);
        }
        if (action != null) {
            for (ActionReport r : sections) {
                Instant started = Timestamps.parse(r.startedAt()).orElse(null);
                // The device holds one operation at a time from the moment it accepts one, so an operation of
                // the same action that it started later can only have come after this one ended.
                if (r.action() == action
                        && r.operationId() != null
                        && started != null
                        && !started.isBefore(accepted.plus(CLOCK_SKEW))) {
                    return OperationView.superseded(operationId, action, r.operationId());
                }
            }
        }
        if (now.isAfter(accepted.plus(UNKNOWN_AFTER))) {
            return OperationView.unknown(operationId, action);
        }
        return OperationView.pending(operationId);
    }
}
