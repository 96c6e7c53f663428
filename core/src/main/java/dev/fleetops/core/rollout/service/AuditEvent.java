package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.RolloutEvent;
import java.time.Instant;

/**
 * One line of an operation's append-only audit trail: who did what, or what the engine decided and why.
 *
 * @param type  the event's stable name ({@link RolloutEvent#type()}), or null for a line stored before events had types
 * @param event the text people read ({@link RolloutEvent#text()})
 */
public record AuditEvent(Instant at, String actor, String type, String event) {
    /** A line without a type (as stored before events had types). */
    public AuditEvent(Instant at, String actor, String event) {
        this(at, actor, null, event);
    }

    public static AuditEvent of(Instant at, String actor, RolloutEvent event) {
        return new AuditEvent(at, actor, event.type(), event.text());
    }
}
