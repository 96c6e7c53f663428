package dev.fleetops.localhub.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.time.Instant;
import java.util.Map;

/**
 * One device's twin: tags, desired and reported sections with their versions and per-property
 * update times. Not thread-safe; {@link Twins} and {@link TwinJournal} use it under its device entry's lock.
 */
final class TwinState {
    static final int MAX_SECTION_BYTES = 32 * 1024;
    static final int MAX_TAGS_BYTES = 8 * 1024;

    JsonObject tags = new JsonObject();
    final Section desired = new Section();
    final Section reported = new Section();
    /** Counts every change to tags, desired or reported; the twin etag derives from it. */
    long version = 1;

    /** A desired or reported section. */
    static final class Section {
        JsonObject values = new JsonObject();
        long version = 1;
        Instant lastUpdated = Instant.EPOCH;
        final JsonObject lastUpdatedByKey = new JsonObject();

        void apply(JsonObject patch, Instant now, boolean replace) {
            if (replace) {
                values = new JsonObject();
                lastUpdatedByKey.entrySet().clear();
            }
            JsonTrees.merge(values, patch);
            for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
                if (values.has(e.getKey())) {
                    lastUpdatedByKey.addProperty(e.getKey(), Timestamps.format(now));
                } else {
                    lastUpdatedByKey.remove(e.getKey());
                }
            }
            version++;
            lastUpdated = now;
        }

        /** The section as the SDKs read it: values plus {@code $metadata} and {@code $version}. */
        JsonObject toJson(boolean withMetadata) {
            JsonObject out = values.deepCopy();
            if (withMetadata) {
                JsonObject meta = new JsonObject();
                meta.addProperty("$lastUpdated", Timestamps.format(lastUpdated));
                meta.addProperty("$lastUpdatedVersion", version);
                for (Map.Entry<String, JsonElement> e : lastUpdatedByKey.entrySet()) {
                    JsonObject m = new JsonObject();
                    m.add("$lastUpdated", e.getValue());
                    m.addProperty("$lastUpdatedVersion", version);
                    meta.add(e.getKey(), m);
                }
                out.add("$metadata", meta);
            }
            out.addProperty("$version", version);
            return out;
        }
    }

    String etag() {
        return java.util.Base64.getEncoder()
                .encodeToString(Long.toString(version).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Checks that applying {@code patch} to {@code section} stays within IoT Hub's size limits. */
    static void checkSize(Section section, JsonObject patch, boolean replace, String name) {
        JsonObject copy = replace ? new JsonObject() : section.values.deepCopy();
        JsonTrees.merge(copy, patch);
        if (JsonTrees.size(copy) > MAX_SECTION_BYTES) {
            throw new HubException(
                    ErrorCodes.MESSAGE_TOO_LARGE, name + " properties would exceed " + MAX_SECTION_BYTES + " bytes");
        }
    }
}
