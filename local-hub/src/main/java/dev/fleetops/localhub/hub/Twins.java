package dev.fleetops.localhub.hub;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Device twins: the documents service and device read, reported-property patches from devices, tags and
 * desired-property updates from the service, and the desired-property notification to the device's connection.
 *
 * <p>Each change happens under the device entry's lock and is made durable ({@link TwinJournal}) before the lock is
 * released and the change answered; the notification is sent after, outside the lock.
 */
final class Twins {
    private final DeviceRegistry registry;
    private final Clock clock;
    private final TwinJournal journal;

    Twins(DeviceRegistry registry, Clock clock, TwinJournal journal) {
        this.registry = registry;
        this.clock = clock;
        this.journal = journal;
    }

    /** As {@link Hub#twin}. */
    JsonObject twin(String deviceId) {
        DeviceEntry e = registry.entry(deviceId);
        synchronized (e) {
            return TwinDocuments.full(e, true);
        }
    }

    /** As {@link Hub#twins}. */
    List<JsonObject> all() {
        List<JsonObject> out = new ArrayList<>();
        for (DeviceEntry e : registry.entries()) {
            synchronized (e) {
                out.add(TwinDocuments.full(e, false));
            }
        }
        out.sort(Comparator.comparing(o -> o.get("deviceId").getAsString()));
        return out;
    }

    /** As {@link Hub#twinProperties}. */
    JsonObject properties(String deviceId) {
        DeviceEntry e = registry.entry(deviceId);
        synchronized (e) {
            JsonObject out = new JsonObject();
            out.add("desired", e.twin.desired.toJson(true));
            out.add("reported", e.twin.reported.toJson(true));
            return out;
        }
    }

    /** As {@link Hub#patchReported}. */
    long patchReported(String deviceId, JsonObject patch, Long expectedVersion) {
        JsonTrees.checkKeys(patch, "reported");
        DeviceEntry e = registry.entry(deviceId);
        synchronized (e) {
            TwinState t = e.twin;
            if (expectedVersion != null && expectedVersion != t.reported.version) {
                throw new HubException(
                        ErrorCodes.PRECONDITION_FAILED,
                        "reported version " + expectedVersion + " does not match the current version "
                                + t.reported.version);
            }
            TwinState.checkSize(t.reported, patch, false, "reported");
            t.reported.apply(patch, clock.instant(), false);
            t.version++;
            e.lastActivity = clock.instant();
            journal.awaitDurable(e);
            return t.reported.version;
        }
    }

    /** As {@link Hub#updateTwin}, with {@code ifMatch} never null. */
    JsonObject update(String deviceId, JsonObject tags, JsonObject desired, IfMatch ifMatch, boolean replace) {
        if (tags != null) {
            JsonTrees.checkKeys(tags, "tags");
        }
        if (desired != null) {
            JsonTrees.checkKeys(desired, "desired");
        }
        DeviceEntry e = registry.entry(deviceId);
        DeviceLink notify = null;
        long desiredVersion = 0;
        byte[] notification = null;
        JsonObject result;
        synchronized (e) {
            TwinState t = e.twin;
            ifMatch.checkTwin(t.etag());
            boolean tagsChange = tags != null && (replace || tags.size() > 0);
            boolean desiredChange = desired != null && (replace || desired.size() > 0);
            if (tagsChange) {
                JsonObject next = replace ? new JsonObject() : t.tags.deepCopy();
                JsonTrees.merge(next, tags);
                if (JsonTrees.size(next) > TwinState.MAX_TAGS_BYTES) {
                    throw new HubException(
                            ErrorCodes.MESSAGE_TOO_LARGE, "tags would exceed " + TwinState.MAX_TAGS_BYTES + " bytes");
                }
                t.tags = next;
            }
            if (desiredChange) {
                TwinState.checkSize(t.desired, desired, replace, "desired");
                t.desired.apply(desired, clock.instant(), replace);
                desiredVersion = t.desired.version;
                JsonObject body = replace ? t.desired.values.deepCopy() : desired.deepCopy();
                body.addProperty("$version", desiredVersion);
                notification = body.toString().getBytes(StandardCharsets.UTF_8);
                if (e.link != null && e.link.subscribedToDesired()) {
                    notify = e.link;
                }
            }
            if (tagsChange || desiredChange) {
                t.version++;
                journal.awaitDurable(e);
            }
            result = TwinDocuments.full(e, true);
        }
        if (notify != null) {
            notify.sendDesiredPatch(desiredVersion, notification);
        }
        return result;
    }
}
