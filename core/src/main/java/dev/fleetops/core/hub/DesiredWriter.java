package dev.fleetops.core.hub;

import com.google.gson.JsonObject;
import java.util.Optional;

/** Port: patches a device's desired properties. Returns the failure, if any; never throws for hub errors. */
public interface DesiredWriter {
    Optional<HubFailure> patchDesired(String deviceId, JsonObject patch);

    /** Writes nothing; for tests and for deployments that do not use desired-state goals. */
    DesiredWriter NONE = (deviceId, patch) -> Optional.empty();
}
