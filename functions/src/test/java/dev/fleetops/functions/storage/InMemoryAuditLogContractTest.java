package dev.fleetops.functions.storage;

import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.InMemoryAuditLog;

/** The in-memory audit log against the same contract as {@link TableAuditLogIT}. */
class InMemoryAuditLogContractTest extends AuditLogContract {
    private final InMemoryAuditLog log = new InMemoryAuditLog();

    @Override
    protected AuditLog log() {
        return log;
    }
}
