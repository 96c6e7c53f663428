package dev.fleetops.core.operations;

import java.time.Instant;

/** One line of an operation's append-only audit trail: who did what, or what the engine decided and why. */
public record AuditEvent(Instant at, String actor, String event) {
}
