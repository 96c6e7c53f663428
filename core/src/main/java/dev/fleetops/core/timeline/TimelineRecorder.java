package dev.fleetops.core.timeline;

import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.DecisionRecorder;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the timeline entries of a save, called by the rollout store under the save's claim and before it writes the
 * device rows (as the events are): every device row whose state, attempt, detail or error changed is one entry, so a
 * device's timeline shows each dispatch, each reported status the ticker absorbed, each retry with its attempt number
 * and error code, and the outcome. If the write fails the save stops and the decision is made again on the next
 * tick; a decision made twice may show twice (at least once, as the events).
 *
 * <p>Operations' creation is not written: a 100,000-device create would write 100,000 partitions; a device's timeline
 * starts with its first dispatch (or its cancellation, if it never got one).
 */
public final class TimelineRecorder implements DecisionRecorder {
    private final DeviceTimeline timeline;

    public TimelineRecorder(DeviceTimeline timeline) {
        this.timeline = Objects.requireNonNull(timeline, "'timeline' cannot be null.");
    }

    @Override
    public void record(
            String operationId,
            StoredRollout rollout,
            Map<String, DeviceExecution> before,
            List<DeviceExecution> changed,
            List<AuditEvent> trail) {
        List<TimelineEntry> entries = entries(operationId, rollout, before, changed);
        if (!entries.isEmpty()) {
            timeline.append(entries);
        }
    }

    /** The entries of one save: one per changed row that a person would see change. Pure but for the keys. */
    public static List<TimelineEntry> entries(
            String operationId,
            StoredRollout rollout,
            Map<String, DeviceExecution> before,
            List<DeviceExecution> changed) {
        String action = rollout == null ? null : rollout.action();
        List<TimelineEntry> out = new ArrayList<>();
        for (DeviceExecution after : changed) {
            DeviceExecution was = before == null ? null : before.get(after.deviceId());
            if (was != null && !visiblyChanged(was, after)) {
                continue;
            }
            // Every transition stamps the time; a row without one must not stop the save, so it sorts as oldest.
            java.time.Instant at = after.updatedAt() != null ? after.updatedAt() : java.time.Instant.EPOCH;
            out.add(new TimelineEntry(
                    after.deviceId(),
                    TimelineKeys.key(at),
                    at,
                    TimelineEntry.Kind.ROLLOUT,
                    operationId,
                    action,
                    after.attempt(),
                    after.state().name().toLowerCase(Locale.ROOT),
                    after.lastDetail(),
                    after.error() == null ? null : after.error().code(),
                    after.error() == null ? null : after.error().message(),
                    null));
        }
        return out;
    }

    /** Backoff times and bookkeeping are not news; a new state, attempt, status text or error is. */
    static boolean visiblyChanged(DeviceExecution was, DeviceExecution now) {
        return was.state() != now.state()
                || was.attempt() != now.attempt()
                || !Objects.equals(was.lastDetail(), now.lastDetail())
                || !Objects.equals(was.error(), now.error());
    }
}
