package dev.fleetops.core.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One line of the audit log: who ({@link AuditActor}, null when nobody could be named: a 401), did what ({@code action}:
 * the HTTP function's name, e.g. {@code FactoryReset}, {@code ApproveOperation}), to what ({@link AuditTarget}), with which
 * {@link AuditOutcome}, in which request ({@link RequestIds}).
 *
 * @param id       unique (a UUID); an outcome names its intent's id in {@code intentId}
 * @param detail   for people: what was asked or what happened, at most {@value #MAX_DETAIL} characters
 * @param intentId on an outcome, the id of its {@link AuditOutcome#PENDING} intent; null otherwise
 */
public record AuditRecord(
        String id,
        Instant at,
        String action,
        AuditOutcome outcome,
        AuditActor actor,
        AuditTarget target,
        String detail,
        RequestIds request,
        String intentId) {
    public static final int MAX_DETAIL = 500;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    public AuditRecord {
        requireId(id, "id");
        Objects.requireNonNull(at, "'at' cannot be null.");
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException(
                    "'action' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter: " + action);
        }
        Objects.requireNonNull(outcome, "'outcome' cannot be null.");
        target = target == null ? AuditTarget.NONE : target;
        detail = AuditText.cleanOrNull(detail, MAX_DETAIL);
        request = request == null ? RequestIds.NONE : request;
        if (intentId != null) {
            requireId(intentId, "intentId");
        }
        if ((outcome == AuditOutcome.PENDING) && intentId != null) {
            throw new IllegalArgumentException("an intent names no intent");
        }
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Whether {@code id} has the form of a record id (a lower-case UUID). */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static void requireId(String id, String name) {
        if (!isId(id)) {
            throw new IllegalArgumentException("'" + name + "' must be a lower-case UUID: " + id);
        }
    }
}
