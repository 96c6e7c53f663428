package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.timeline.DeviceTimelineService;
import dev.fleetops.core.timeline.TimelineEntry;
import dev.fleetops.core.timeline.TimelineOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/devices/{deviceId}/timeline[?pageSize=&continuationToken=]}: what happened to one device, newest
 * first, a page at a time (docs/api.md, "Device timeline"). The decisions are {@link DeviceTimelineService}'s.
 */
public final class DeviceTimelineFunction {
    private final Supplier<DeviceTimelineService> service;
    private final Supplier<AccessGate> access;

    public DeviceTimelineFunction(Supplier<DeviceTimelineService> service, Supplier<AccessGate> access) {
        this.service = service;
        this.access = access;
    }

    @FunctionName("DeviceTimeline")
    public HttpResponseMessage timeline(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "devices/{deviceId}/timeline",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "DeviceTimeline", caller -> {
            TimelineOutcome outcome = service.get().read(deviceId, request.getQueryParameters());
            if (outcome instanceof TimelineOutcome.Invalid bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            if (outcome instanceof TimelineOutcome.HubFailed failed) {
                return HttpResponses.problem(request, Problems.hub(failed.failure()));
            }
            TimelineOutcome.Found found = (TimelineOutcome.Found) outcome;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("deviceId", found.deviceId());
            body.put(
                    "entries",
                    found.page().entries().stream().map(EntryView::of).toList());
            body.put("continuationToken", found.page().continuationToken());
            return HttpResponses.json(request, 200, body, Map.of("Cache-Control", "no-store"));
        });
    }

    /** One entry as the API shows it (null fields are left out). */
    public record EntryView(
            String at,
            String kind,
            String operationId,
            String action,
            Integer attempt,
            String state,
            String detail,
            ErrorView error,
            ActorView actor) {
        static EntryView of(TimelineEntry e) {
            return new EntryView(
                    e.at().toString(),
                    e.kind().wire(),
                    e.operationId(),
                    e.action(),
                    e.kind() == TimelineEntry.Kind.ROLLOUT ? e.attempt() : null,
                    e.state(),
                    e.detail(),
                    e.errorCode() == null && e.errorMessage() == null
                            ? null
                            : new ErrorView(e.errorCode(), e.errorMessage()),
                    e.actor() == null ? null : ActorView.of(e.actor()));
        }
    }

    public record ErrorView(String code, String message) {}

    /** Who issued a command: object id and display name kept apart, as in the audit log. */
    public record ActorView(String objectId, String displayName, String kind) {
        static ActorView of(AuditActor a) {
            return new ActorView(a.objectId(), a.displayName(), a.kind());
        }
    }
}
