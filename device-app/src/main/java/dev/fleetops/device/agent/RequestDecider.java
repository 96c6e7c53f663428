package dev.fleetops.device.agent;

import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.FactoryResetRequest;
import dev.fleetops.contract.FactoryResetStatus;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.RebootRequest;
import dev.fleetops.contract.RebootStatus;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.state.Operation;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides, without side effects, what to do with a parsed direct-method request. Checks run in this
 * order: invalid payload, duplicate operation id, busy, firmware already current, accept. Busy comes
 * before current so a running update's report is never overwritten.
 */
public final class RequestDecider {
    private final Supplier<String> newIds;

    /** @param newIds generates an operation id for requests that carry none */
    public RequestDecider(Supplier<String> newIds) {
        this.newIds = newIds;
    }

    /** A fresh operation id for a request that carries none. */
    public String newId() {
        return newIds.get();
    }

    /**
     * @param parsed the result of the method's contract parser ({@code RebootRequest.parse} etc.)
     * @param now    ISO-8601 time stamped on an accepted operation
     */
    public Decision decide(DeviceState state, DmMethod method, Parsed<?> parsed, String now) {
        if (parsed instanceof Parsed.Invalid<?> invalid) {
            return new Decision.Invalid(null, invalid.errors());
        }
        Object request = ((Parsed.Valid<?>) parsed).value();
        String requestedId = operationId(request);
        if (requestedId != null) {
            Operation running = state.current();
            if (running != null && running.operationId().equals(requestedId)) {
                return new Decision.Duplicate(requestedId, running.status());
            }
            Optional<FinishedOperation> done = state.finished(requestedId);
            if (done.isPresent()) {
                return new Decision.Duplicate(requestedId, done.get().status());
            }
        }
        String id = requestedId != null ? requestedId : newIds.get();
        if (state.current() != null) {
            return new Decision.Busy(id, state.current().operationId());
        }
        return switch (method) {
            case REBOOT -> {
                RebootRequest r = ((RebootRequest) request).withOperationId(id);
                yield new Decision.Accept(Operation.reboot(id, r.delaySeconds(), RebootStatus.REBOOTING.wireName(), now), r);
            }
            case FACTORY_RESET -> new Decision.Accept(
                    Operation.factoryReset(id, FactoryResetStatus.IN_PROGRESS.wireName(), now),
                    ((FactoryResetRequest) request).withOperationId(id));
            case FIRMWARE_UPDATE -> {
                FirmwareUpdateRequest r = ((FirmwareUpdateRequest) request).withOperationId(id);
                if (r.version().equals(state.firmwareVersion())) {
                    yield new Decision.Current(id, r.version());
                }
                yield new Decision.Accept(Operation.firmware(id, r.version(),
                        dev.fleetops.contract.FirmwareUpdateReport.redactUri(r.packageUri()), r.sha256(), r.sizeBytes(),
                        FirmwareUpdateStatus.WAITING.wireName(), now).withSignature(r.signature(), r.signingKeyId()), r);
            }
        };
    }

    private static String operationId(Object request) {
        if (request instanceof RebootRequest r) {
            return r.operationId();
        }
        if (request instanceof FactoryResetRequest r) {
            return r.operationId();
        }
        if (request instanceof FirmwareUpdateRequest r) {
            return r.operationId();
        }
        throw new IllegalArgumentException("'parsed' holds an unknown request type: " + request.getClass());
    }
}
