package dev.fleetops.core.device;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.core.hub.HubFailure;
import java.time.Instant;
import java.util.List;

/** What happened when a portal asked to start an action on one device. */
public sealed interface ActionOutcome {

    /**
     * The device acknowledged the operation, so its status can be followed: it started it now
     * ({@link Accepted}), already knew its id ({@link Duplicate}) or found its goal met ({@link AlreadyCurrent}).
     * Only {@link Accepted} started anything. The HTTP API answers all three with 202 and the {@link #result()}.
     */
    sealed interface Acknowledged extends ActionOutcome permits Accepted, Duplicate, AlreadyCurrent {
        String deviceId();

        Action<?, ?> action();

        String operationId();

        /** The device's own words, possibly empty. */
        String message();

        /** The acknowledgement as the device's {@link MethodAck} names it. */
        MethodAck.Result result();

        /** When the device's answer arrived (the back-end's clock); the status URL carries it. */
        Instant acceptedAt();
    }

    /** The device started a new operation. */
    record Accepted(String deviceId, Action<?, ?> action, String operationId, String message, Instant acceptedAt)
            implements Acknowledged {
        @Override
        public MethodAck.Result result() {
            return MethodAck.Result.ACCEPTED;
        }
    }

    /**
     * The device already knew this operation id (it runs it, or ran it); nothing new was started. Its status
     * is the one of that operation.
     */
    record Duplicate(String deviceId, Action<?, ?> action, String operationId, String message, Instant acceptedAt)
            implements Acknowledged {
        @Override
        public MethodAck.Result result() {
            return MethodAck.Result.DUPLICATE;
        }
    }

    /** The goal was already met (e.g. the version is installed); nothing was started, the operation is final at once. */
    record AlreadyCurrent(String deviceId, Action<?, ?> action, String operationId, String message, Instant acceptedAt)
            implements Acknowledged {
        @Override
        public MethodAck.Result result() {
            return MethodAck.Result.CURRENT;
        }
    }

    /** The request itself was invalid; nothing was sent to the device. */
    record InvalidRequest(List<FieldError> errors) implements ActionOutcome {
        public InvalidRequest {
            errors = List.copyOf(errors);
        }
    }

    /**
     * The device refused (its own 4xx status): busy with another operation, bad payload, or no such method.
     *
     * @param runningOperationId when busy, the operation that holds the device, else null
     */
    record DeviceRejected(String deviceId, int deviceStatus, String message, String runningOperationId)
            implements ActionOutcome {}

    /** The device answered with a failure status (5xx) or an answer FleetOps cannot interpret. */
    record DeviceError(String deviceId, int deviceStatus, String message) implements ActionOutcome {}

    /** The hub did not deliver the request or the answer. */
    record HubFailed(String deviceId, HubFailure failure) implements ActionOutcome {}
}
