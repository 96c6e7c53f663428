package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.event.Subscription;
import dev.fleetops.core.event.SubscriptionService;
import dev.fleetops.core.event.SubscriptionService.Creation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Webhook subscriptions (docs/api.md, "Event subscriptions"), Admin only: {@code POST /api/subscriptions} creates one
 * and answers its signing secret, the only time it is shown; {@code GET /api/subscriptions} lists them without
 * secrets; {@code DELETE /api/subscriptions/{id}} removes one. The secret is never logged.
 */
public final class SubscriptionFunctions {
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    private final Supplier<SubscriptionService> subscriptions;
    private final Supplier<AccessGate> access;

    public SubscriptionFunctions(Supplier<SubscriptionService> subscriptions, Supplier<AccessGate> access) {
        this.subscriptions = subscriptions;
        this.access = access;
    }

    @FunctionName("CreateSubscription")
    public HttpResponseMessage create(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "subscriptions",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "CreateSubscription", caller -> {
            RequestBodies.Body body = RequestBodies.read(request, true);
            if (body instanceof RequestBodies.Body.Rejected rejected) {
                return HttpResponses.problem(request, rejected.problem());
            }
            Creation c = subscriptions
                    .get()
                    .create(
                            ((RequestBodies.Body.Json) body).value(),
                            RequestAudit.context(request, context, caller, "CreateSubscription"));
            if (c instanceof Creation.Invalid bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            if (c instanceof Creation.TooMany many) {
                return HttpResponses.problem(
                        request,
                        Problem.of(
                                409,
                                "subscription-limit",
                                "Too many subscriptions",
                                "At most " + many.max() + " webhook subscriptions; delete one first."));
            }
            Subscription s = ((Creation.Created) c).subscription();
            context.getLogger().info("subscription created id=" + s.id() + " types=" + s.eventTypes());
            Map<String, Object> out = view(s);
            out.put("secret", s.secret());
            Map<String, String> headers = new LinkedHashMap<>(NO_STORE);
            headers.put("Location", "/api/subscriptions/" + s.id());
            return HttpResponses.json(request, 201, out, headers);
        });
    }

    @FunctionName("ListSubscriptions")
    public HttpResponseMessage list(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "subscriptions",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "ListSubscriptions", caller -> {
            List<Map<String, Object>> items = subscriptions.get().list().stream()
                    .map(SubscriptionFunctions::view)
                    .toList();
            return HttpResponses.json(request, 200, Map.of("items", items), NO_STORE);
        });
    }

    @FunctionName("DeleteSubscription")
    public HttpResponseMessage delete(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.DELETE},
                            route = "subscriptions/{id}",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "DeleteSubscription", caller -> {
            if (!SubscriptionService.isId(id)) {
                return HttpResponses.problem(
                        request, Problems.invalid("id", "is not a subscription id (sub_ and 16 hex digits)"));
            }
            boolean existed = subscriptions
                    .get()
                    .delete(id, RequestAudit.context(request, context, caller, "DeleteSubscription"));
            if (!existed) {
                return HttpResponses.problem(
                        request,
                        Problem.of(
                                404,
                                "subscription-not-found",
                                "Subscription not found",
                                "No subscription " + id + "."));
            }
            context.getLogger().info("subscription deleted id=" + id);
            return request.createResponseBuilder(com.microsoft.azure.functions.HttpStatus.NO_CONTENT)
                    .build();
        });
    }

    /** A subscription as the API shows it: everything but its secret. */
    static Map<String, Object> view(Subscription s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id());
        v.put("url", s.url());
        v.put("eventTypes", s.eventTypes());
        v.put("createdAt", Timestamps.format(s.createdAt()));
        if (s.createdBy() != null) {
            v.put("createdBy", s.createdBy());
        }
        return v;
    }
}
