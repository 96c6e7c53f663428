package dev.fleetops.core.hub;

import com.google.gson.JsonObject;
import java.util.Optional;
import java.util.function.Predicate;

/** Port: patches a device's desired properties. Returns the failure, if any; never throws for hub errors. */
public interface DesiredWriter {
    Optional<HubFailure> patchDesired(String deviceId, JsonObject patch);

    /**
     * Removes the desired {@code property} if its {@code operationId} satisfies {@code owns}: the twin is read, and
     * the removal is written under its etag, so a goal someone else wrote in between is never removed. Adapters
     * retry a lost etag race a few times before answering {@link GoalRemoval.Failed}.
     */
    default GoalRemoval removeGoal(String deviceId, String property, Predicate<String> owns) {
        return new GoalRemoval.NotOurs();
    }

    /** Writes nothing; for tests and for deployments that do not use desired-state goals. */
    DesiredWriter NONE = (deviceId, patch) -> Optional.empty();
}
