package dev.fleetops.core.rollout;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one tick decides over: the operation's {@link Tally}, which stands for every device, and the device rows that
 * can change in this tick (devices that reported, devices whose timeout is due, queued devices whose turn may come),
 * so a tick's cost follows what changes, not the operation's size (docs/performance.md, "Ticks").
 *
 * @param tally every device, counted (complete: {@link Tally#isComplete()})
 * @param rows  the rows read for this tick, by device id
 */
public record Workset(Tally tally, Map<String, DeviceExecution> rows) {
    public Workset {
        if (!tally.isComplete()) {
            throw new IllegalArgumentException("'tally' must be complete; count an older one again from the rows.");
        }
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /** Every row of the operation, with a tally counted from them. */
    public static Workset of(Map<String, DeviceExecution> all, int waveCount) {
        return new Workset(Tally.of(all.values(), waveCount), all);
    }
}
