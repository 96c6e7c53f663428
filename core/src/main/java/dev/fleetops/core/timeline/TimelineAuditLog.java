package dev.fleetops.core.timeline;

import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditPage;
import dev.fleetops.core.audit.AuditQuery;
import dev.fleetops.core.audit.AuditRecord;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit log, plus: every stored record that ends an action on one device (an outcome or a refusal naming a device:
 * a reboot, a log pull, the cancel of one device of an operation …) becomes an entry on that device's timeline, with
 * the actor the audit names. Intents are not: the outcome says what happened. The timeline is a view for people; if
 * its write fails the audit record stands (it is the record of truth) and the failure is logged, not thrown, so the
 * {@link dev.fleetops.core.audit.Auditor} does not report an audit failure that did not happen.
 */
public final class TimelineAuditLog implements AuditLog {
    private static final Logger LOG = Logger.getLogger(TimelineAuditLog.class.getName());

    private final AuditLog log;
    private final DeviceTimeline timeline;

    public TimelineAuditLog(AuditLog log, DeviceTimeline timeline) {
        this.log = Objects.requireNonNull(log, "'log' cannot be null.");
        this.timeline = Objects.requireNonNull(timeline, "'timeline' cannot be null.");
    }

    @Override
    public void append(AuditRecord record) {
        log.append(record);
        TimelineEntry entry = entry(record);
        if (entry == null) {
            return;
        }
        try {
            timeline.append(List.of(entry));
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "timeline entry of audit record " + record.id() + " not stored: "
                            + e.getClass().getSimpleName());
        }
    }

    @Override
    public AuditPage query(AuditQuery query) {
        return log.query(query);
    }

    /** The timeline entry of an audit record, or null if it is not one (an intent, or no device). */
    static TimelineEntry entry(AuditRecord r) {
        if (r.outcome() == AuditOutcome.PENDING || r.target().deviceId() == null) {
            return null;
        }
        return new TimelineEntry(
                r.target().deviceId(),
                TimelineKeys.key(r.at()),
                r.at(),
                TimelineEntry.Kind.COMMAND,
                r.target().operationId(),
                r.action(),
                0,
                r.outcome().wireName(),
                r.detail(),
                null,
                null,
                r.actor());
    }
}
