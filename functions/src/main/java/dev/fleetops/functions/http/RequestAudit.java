package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.RequestIds;
import dev.fleetops.core.identity.Principal;
import java.util.Map;

/** What the audit records of one HTTP request carry: the caller the gate admitted, the function, and the request's ids. */
final class RequestAudit {
    static final String CLIENT_REQUEST_ID = "x-ms-client-request-id";
    static final String TRACEPARENT = "traceparent";

    private RequestAudit() {}

    /** The host's invocation id and, when well formed, the client's request id and W3C traceparent. */
    static RequestIds ids(HttpRequestMessage<?> request, ExecutionContext context) {
        Map<String, String> headers = request.getHeaders();
        return new RequestIds(
                context.getInvocationId(),
                RequestBodies.header(headers, CLIENT_REQUEST_ID),
                RequestBodies.header(headers, TRACEPARENT));
    }

    /** The audit side of a request by {@code caller} to {@code function}; failed audit writes go to the invocation's log. */
    static AuditContext context(
            HttpRequestMessage<?> request, ExecutionContext context, Principal caller, String function) {
        return AuditContext.of(caller, ids(request, context), function, context.getLogger()::warning);
    }
}
