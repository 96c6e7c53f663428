package dev.fleetops.core.audit;

/**
 * Port: the append-only audit log of who did what (docs/audit.md). Implementations: Azure Table Storage (Azurite
 * locally) and in memory; one contract test holds both to the same behaviour.
 *
 * <ul>
 * <li>{@link #append} returns only once the record is stored and findable by every filter that matches it; it throws
 * {@link AuditUnavailableException} otherwise (parts of the record may then be stored: appending is not atomic across
 * the store's indexes, which is why an intent whose append failed is never acted on).</li>
 * <li>{@link #query} answers records with {@code from <= at < to} matching every given filter, newest first (to the
 * microsecond; records of one microsecond in a stable order), {@code pageSize} at most per page. A page may be followed by an empty last page.
 * A continuation token resumes after the last record of its page (so a window that moved, e.g. a default {@code to} of
 * "now", neither repeats nor skips a record); one this log did not issue for these filters is an
 * {@link IllegalArgumentException}.</li>
 * </ul>
 */
public interface AuditLog {
    /** Keeps nothing and finds nothing: for code paths whose tests do not look at the audit. */
    AuditLog NONE = new AuditLog() {
        @Override
        public void append(AuditRecord record) {}

        @Override
        public AuditPage query(AuditQuery query) {
            return new AuditPage(java.util.List.of(), null);
        }
    };

    void append(AuditRecord record);

    AuditPage query(AuditQuery query);
}
