package dev.fleetops.device.agent;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.transport.MethodResult;
import java.util.stream.Collectors;

/** Maps decisions to direct-method answers: the {@link MethodStatus} code plus a {@link MethodAck}. */
final class Answers {
    private Answers() {}

    static MethodResult of(Decision d) {
        if (d instanceof Decision.Accept a) {
            return result(
                    MethodStatus.ACCEPTED,
                    MethodAck.accepted(
                            a.operation().operationId(), a.operation().action().methodName() + " accepted"));
        }
        if (d instanceof Decision.Duplicate dup) {
            return result(
                    MethodStatus.NO_NEW_OPERATION,
                    new MethodAck(
                            dup.operationId(),
                            MethodAck.Result.DUPLICATE,
                            "operation " + dup.operationId() + " was already accepted; status " + dup.status(),
                            null));
        }
        if (d instanceof Decision.Busy b) {
            return result(
                    MethodStatus.BUSY,
                    new MethodAck(
                            b.operationId(),
                            MethodAck.Result.REJECTED,
                            "device is busy with operation " + b.runningOperationId(),
                            b.runningOperationId()));
        }
        if (d instanceof Decision.Current c) {
            return result(
                    MethodStatus.NO_NEW_OPERATION,
                    new MethodAck(
                            c.operationId(),
                            MethodAck.Result.CURRENT,
                            "firmware " + c.version() + " is already installed",
                            null));
        }
        Decision.Invalid inv = (Decision.Invalid) d;
        String summary = inv.errors().stream().map(FieldError::toString).collect(Collectors.joining("; "));
        return result(MethodStatus.BAD_REQUEST, MethodAck.rejected(inv.operationId(), "invalid request: " + summary));
    }

    /** 400 like every other bad request, so a caller sees one "fix your request" status (docs/contract.md). */
    static MethodResult unknownMethod(String name) {
        return result(MethodStatus.BAD_REQUEST, MethodAck.rejected(null, "unknown method '" + name + "'"));
    }

    static MethodResult deviceError(String operationId, String message) {
        return result(MethodStatus.DEVICE_ERROR, MethodAck.rejected(operationId, message));
    }

    private static MethodResult result(int status, MethodAck ack) {
        return new MethodResult(status, StrictJson.GSON.toJsonTree(ack));
    }
}
