package dev.fleetops.core.rollout;

import java.time.Duration;

/** What happened when a device was sent the operation's request. */
public sealed interface DispatchResult {
    /** The device accepted (or already knew the operation): track it. */
    record Accepted() implements DispatchResult {}

    /** The goal was already met (e.g. the version is installed). */
    record AlreadyDone() implements DispatchResult {}

    /** The device refused (4xx): final. */
    record Rejected(String message) implements DispatchResult {}

    /** The hub does not know the device (404001): it left the hub while targeted. Final, and says nothing about the update. */
    record Removed() implements DispatchResult {}

    /** The device was offline: retry later until the deadline. */
    record Offline() implements DispatchResult {}

    /** The hub throttled: retry after the delay; does not count as an attempt. */
    record Throttled(Duration retryAfter) implements DispatchResult {}

    /**
     * The hub failed, or refused FleetOps' own credentials, before any device answered: the device is not at
     * fault. Requeued after {@code retryAfter} without using an attempt, never counted toward an abort.
     */
    record HubUnavailable(String message, Duration retryAfter) implements DispatchResult {}

    /**
     * The call was never sent: the operation was paused or canceled while this tick dispatched, or the tick ran
     * out of time. The device goes back to the queue as it was, without using an attempt.
     */
    record NotSent(String why) implements DispatchResult {}

    /** No answer in time: the device may have started; track it and let the timeout decide. */
    record NoAnswer() implements DispatchResult {}

    /** The hub or device failed: counts as a failed attempt. */
    record Error(String message) implements DispatchResult {}
}
