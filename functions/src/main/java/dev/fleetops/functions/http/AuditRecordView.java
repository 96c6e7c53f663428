package dev.fleetops.functions.http;

import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.RequestIds;

/**
 * An audit record as {@code GET /api/audit} shows it (null fields are left out).
 *
 * @param action   the function that carried the request, e.g. {@code FactoryReset}, {@code ApproveOperation}
 * @param outcome  {@code pending} (the intent), {@code succeeded}, {@code refused}, {@code failed}, {@code unknown}, {@code denied}
 * @param intentId on an outcome, the intent it completes
 * @param actor    absent for a 401 (nobody could be named)
 * @param route    the request path, on denials
 */
record AuditRecordView(
        String id,
        String at,
        String action,
        String outcome,
        String intentId,
        AuditActor actor,
        String deviceId,
        String operationId,
        String route,
        String detail,
        RequestIds request) {
    static AuditRecordView of(AuditRecord r) {
        return new AuditRecordView(
                r.id(),
                r.at().toString(),
                r.action(),
                r.outcome().wireName(),
                r.intentId(),
                r.actor(),
                r.target().deviceId(),
                r.target().operationId(),
                r.target().route(),
                r.detail(),
                r.request());
    }
}
