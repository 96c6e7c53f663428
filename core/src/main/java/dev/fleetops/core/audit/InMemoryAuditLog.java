package dev.fleetops.core.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@link AuditLog} in memory, for unit tests and local experiments; the contract test holds it to the Table store's
 * behaviour. Records are kept in one sorted map whose key orders newest first (reverse time to the microsecond, then
 * id), the order the Table store's row keys give.
 */
public final class InMemoryAuditLog implements AuditLog {
    private static final String TOKEN_PREFIX = "mem-audit1:";

    private final TreeMap<String, AuditRecord> records = new TreeMap<>();

    @Override
    public synchronized void append(AuditRecord record) {
        records.put(key(record), record);
    }

    @Override
    public synchronized AuditPage query(AuditQuery q) {
        String after = q.continuationToken() == null ? null : decode(q.continuationToken(), fingerprint(q));
        List<AuditRecord> page = new ArrayList<>();
        String last = null;
        for (var e : (after == null ? records : records.tailMap(after, false)).entrySet()) {
            if (!q.matches(e.getValue())) {
                continue;
            }
            if (page.size() == q.pageSize()) {
                return new AuditPage(page, encode(fingerprint(q), last));
            }
            page.add(e.getValue());
            last = e.getKey();
        }
        return new AuditPage(page, null);
    }

    /** Every record, newest first (for tests). */
    public synchronized List<AuditRecord> all() {
        return List.copyOf(records.values());
    }

    private static String key(AuditRecord r) {
        long micros = Math.addExact(Math.multiplyExact(r.at().getEpochSecond(), 1_000_000L), r.at().getNano() / 1_000);
        return String.format(Locale.ROOT, "%019d-%s", Long.MAX_VALUE - micros, r.id());
    }

    /**
     * What a token is bound to: the filters (a token of another filter is refused). Not the range: a portal that pages
     * without {@code to} gets a later "now" on every page, and a token resumes after its last record whatever the range.
     */
    private static String fingerprint(AuditQuery q) {
        return Integer.toHexString(java.util.Objects.hash(q.deviceId(), q.operationId(), q.actorId()));
    }

    private static String encode(String fingerprint, String key) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((TOKEN_PREFIX + fingerprint + "|" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, String fingerprint) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String prefix = TOKEN_PREFIX + fingerprint + "|";
            if (s.startsWith(prefix)) {
                return s.substring(prefix.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new IllegalArgumentException("'continuationToken' is invalid.");
    }
}
