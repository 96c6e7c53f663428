package dev.fleetops.contract;

/**
 * The payload of an action's direct method ({@link RebootRequest}, {@link FactoryResetRequest},
 * {@link FirmwareUpdateRequest}). Generic code (single-device calls, rollouts, the device's decider)
 * handles every action through this interface and never asks which request it holds.
 *
 * <p>Not sealed on purpose: {@link Action#all()} is the closed list of actions a FleetOps back-end and
 * device know, and Java 17 has no switch over sealed types that an exhaustiveness check could protect;
 * an open interface lets a new action (or a test's hypothetical one) be defined without editing this file.
 */
public interface ActionRequest {
    /** Identifies the request; repeats with the same id are idempotent. Null until one is assigned. */
    String operationId();

    /** This request, of the same type, with {@code id} as its operation id. */
    ActionRequest withOperationId(String id);

    /** The action this request starts. */
    Action<?, ?> action();
}
