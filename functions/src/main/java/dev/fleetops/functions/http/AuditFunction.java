package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.AuditPage;
import dev.fleetops.core.audit.AuditQuery;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/audit?deviceId=&operationId=&actor=&from=&to=&pageSize=&continuationToken=}: who did what, newest
 * first, a page at a time (docs/audit.md). The query string is hostile input ({@link AuditQuery#parse}); a token the
 * log did not issue for this query is a 400 naming {@code continuationToken}.
 */
public final class AuditFunction {
    private final Supplier<AuditLog> log;
    private final Supplier<AccessGate> access;
    private final Clock clock;

    public AuditFunction(Supplier<AuditLog> log, Supplier<AccessGate> access) {
        this(log, access, Clock.systemUTC());
    }

    AuditFunction(Supplier<AuditLog> log, Supplier<AccessGate> access, Clock clock) {
        this.log = log;
        this.access = access;
        this.clock = clock;
    }

    @FunctionName("Audit")
    public HttpResponseMessage audit(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "audit",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "Audit", caller -> {
            Parsed<AuditQuery> parsed = AuditQuery.parse(request.getQueryParameters(), clock.instant());
            if (parsed instanceof Parsed.Invalid<AuditQuery> bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            AuditPage page;
            try {
                page = log.get().query(((Parsed.Valid<AuditQuery>) parsed).value());
            } catch (IllegalArgumentException e) {
                return HttpResponses.problem(
                        request,
                        Problems.invalid("continuationToken", "is not a token this API issued for this query"));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("records", page.records().stream().map(AuditRecordView::of).toList());
            body.put("continuationToken", page.continuationToken());
            return HttpResponses.json(request, 200, body, Map.of("Cache-Control", "no-store"));
        });
    }
}
