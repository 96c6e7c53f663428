package dev.fleetops.core.audit;

import java.util.List;

/** One page of audit records, newest first, and the token for the next page (null on the last). */
public record AuditPage(List<AuditRecord> records, String continuationToken) {
    public AuditPage {
        records = List.copyOf(records);
    }
}
