package dev.fleetops.functions.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import dev.fleetops.core.audit.AuditUnavailableException;
import dev.fleetops.functions.settings.SettingsException;
import dev.fleetops.functions.storage.StorageClients;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;

/** Builds the HTTP responses of every endpoint: JSON documents and problem+json errors. */
public final class HttpResponses {
    static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private HttpResponses() {}

    public static HttpResponseMessage json(
            HttpRequestMessage<?> request, int status, Object body, Map<String, String> headers) {
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(status))
                .header("Content-Type", "application/json; charset=utf-8")
                .body(body instanceof String s ? s : JSON.toJson(body));
        headers.forEach(b::header);
        return b.build();
    }

    public static HttpResponseMessage problem(HttpRequestMessage<?> request, Problem problem) {
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(problem.status()))
                .header("Content-Type", Problem.CONTENT_TYPE)
                .body(JSON.toJson(problem.body(
                        request.getUri() == null ? null : request.getUri().getPath())));
        problem.headers().forEach(b::header);
        return b.build();
    }

    /**
     * Runs an endpoint so that nothing escapes to the host, which would answer an empty 500: configuration
     * errors become a 500 that names the setting, anything else, errors included, a logged 500 without
     * internals. Errors matter here: a class shadowed by another version of its library (the Functions
     * worker's class path) fails with {@link LinkageError}s, and a portal that sees an empty 500 after the
     * device already acted retries the action.
     */
    public static HttpResponseMessage guard(
            HttpRequestMessage<?> request, ExecutionContext context, Supplier<HttpResponseMessage> endpoint) {
        try {
            try {
                return endpoint.get();
            } catch (SettingsException e) {
                context.getLogger().severe("configuration error: " + e.getMessage());
                return problem(request, Problems.configuration(e.getMessage()));
            } catch (AuditUnavailableException e) {
                // The intent could not be recorded, so nothing was done: the caller may simply retry.
                context.getLogger()
                        .severe("audit unavailable, action not attempted (invocation " + context.getInvocationId()
                                + "): " + e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause()));
                return problem(request, Problems.auditUnavailable());
            }
        } catch (dev.fleetops.core.rollout.service.ConcurrentUpdateException e) {
            // Another writer (the timer's tick, another operator) saved the operation first, twice: say so and let
            // the caller retry in a moment, instead of an internal error.
            return problem(request, Problems.operationBusy());
        } catch (RuntimeException e) {
            if (StorageClients.unavailable(e)) {
                // Storage stalled or failed (not a refusal): nothing half-done to report, the caller may retry.
                context.getLogger()
                        .warning("storage unavailable (invocation " + context.getInvocationId() + "): "
                                + e.getClass().getSimpleName());
                return problem(request, Problems.storageUnavailable());
            }
            return internalError(request, context, e);
        } catch (Throwable t) {
            return internalError(request, context, t);
        }
    }

    /**
     * {@link #guard}, behind the access gate: the endpoint runs only for a caller the gate admits, and gets that
     * caller. A refusal is logged with the invocation id and recorded in the audit log (who was turned away).
     */
    public static HttpResponseMessage guarded(
            HttpRequestMessage<?> request,
            ExecutionContext context,
            Supplier<AccessGate> gate,
            String function,
            java.util.function.Function<dev.fleetops.core.identity.Principal, HttpResponseMessage> endpoint) {
        return guard(request, context, () -> {
            AccessGate door = gate.get();
            AccessGate.Admission admission = door.admit(request, function);
            if (admission instanceof AccessGate.Admission.Refused refused) {
                context.getLogger()
                        .warning(function + " refused " + refused.problem().status() + " "
                                + refused.problem().code()
                                + (refused.principal() == null
                                        ? ""
                                        : " to " + refused.principal().auditLabel())
                                + " (invocation " + context.getInvocationId() + ")");
                door.audit(request, context, function, refused);
                return problem(request, refused.problem());
            }
            return endpoint.apply(((AccessGate.Admission.Admitted) admission).principal());
        });
    }

    /**
     * The answer of last resort. Built without Gson and without {@link Problem}, so that the library whose
     * failure brought us here cannot fail this answer too; the invocation id is the correlation id that
     * finds the stack trace in the function's log.
     */
    static HttpResponseMessage internalError(HttpRequestMessage<?> request, ExecutionContext context, Throwable t) {
        String invocationId = context.getInvocationId();
        try {
            context.getLogger()
                    .log(
                            Level.SEVERE,
                            "unexpected " + t.getClass().getName() + " in " + context.getFunctionName()
                                    + " (invocation " + invocationId + ")",
                            t);
        } catch (Throwable ignored) {
            // Nothing left to tell; the answer below still carries the invocation id.
        }
        String path = request.getUri() == null ? null : request.getUri().getRawPath();
        return request.createResponseBuilder(HttpStatusType.custom(500))
                .header("Content-Type", Problem.CONTENT_TYPE)
                .body(InternalErrorBody.json(path, invocationId))
                .build();
    }
}
