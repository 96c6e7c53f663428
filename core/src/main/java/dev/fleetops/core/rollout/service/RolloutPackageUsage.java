package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import dev.fleetops.core.firmware.FirmwareUsage;
import java.util.List;

/**
 * Which operations still send a package: those the timer still visits ({@link StoredRollout#needsTicks()}: running,
 * draining devices, or goals left in twins) whose payload names it. A finished operation no longer holds a version.
 */
public final class RolloutPackageUsage implements FirmwareUsage {
    private final RolloutStore store;

    public RolloutPackageUsage(RolloutStore store) {
        this.store = store;
    }

    @Override
    public List<String> operationsUsing(String packageUri) {
        return store.active().stream()
                .filter(StoredRollout::needsTicks)
                .filter(r -> {
                    JsonElement uri =
                            r.actionPayload() == null ? null : r.actionPayload().get("packageUri");
                    return uri != null && uri.isJsonPrimitive() && packageUri.equals(uri.getAsString());
                })
                .map(r -> r.rollout().id())
                .toList();
    }
}
