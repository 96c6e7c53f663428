package dev.fleetops.core.rollout.service;

import com.google.gson.JsonObject;
import dev.fleetops.core.rollout.Rollout;

/**
 * A fleet operation as stored: the engine's {@link Rollout}, what to send to devices, who started it,
 * where the last progress read stopped, and the store's concurrency token.
 *
 * @param action        the direct-method name ({@code reboot}, {@code factoryReset}, {@code firmwareUpdate})
 * @param actionPayload the method payload without operation id (the dispatcher adds one per attempt)
 * @param targetQuery   the IoT Hub query that selected the devices, or null for an explicit list
 * @param deviceCount   how many devices the operation targets
 * @param etag          opaque version from the store; saving with a stale etag fails
 * @param progress      what the last progress read saw (saved under the same etag as the decision it fed), or null
 */
public record StoredRollout(
        Rollout rollout,
        String action,
        JsonObject actionPayload,
        String targetQuery,
        int deviceCount,
        String createdBy,
        String etag,
        ProgressCursor progress) {

    /** An operation that has not been read from twins yet. */
    public StoredRollout(
            Rollout rollout,
            String action,
            JsonObject actionPayload,
            String targetQuery,
            int deviceCount,
            String createdBy,
            String etag) {
        this(rollout, action, actionPayload, targetQuery, deviceCount, createdBy, etag, null);
    }

    public StoredRollout withRollout(Rollout next) {
        return new StoredRollout(next, action, actionPayload, targetQuery, deviceCount, createdBy, etag, progress);
    }

    public StoredRollout withEtag(String next) {
        return new StoredRollout(rollout, action, actionPayload, targetQuery, deviceCount, createdBy, next, progress);
    }

    public StoredRollout withProgress(ProgressCursor next) {
        return new StoredRollout(rollout, action, actionPayload, targetQuery, deviceCount, createdBy, etag, next);
    }
}
