package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.inventory.InventoryDevice;
import dev.fleetops.core.inventory.InventoryOutcome;
import dev.fleetops.core.inventory.InventoryPage;
import dev.fleetops.core.inventory.InventoryQuery;
import dev.fleetops.core.inventory.InventoryService;
import dev.fleetops.core.inventory.InventorySummary;
import dev.fleetops.core.inventory.LastAction;
import dev.fleetops.core.inventory.SummaryQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /api/devices?filter=&pageSize=&continuationToken=} (a page of devices) and
 * {@code GET /api/devices/summary?filter=} (counts per firmware version and action status). The literal
 * {@code summary} segment takes precedence over {@code devices/{deviceId}} in the host's routing (docs/api.md).
 */
public final class InventoryFunctions {
    private final Supplier<InventoryService> service;
    private final Supplier<AccessGate> access;

    public InventoryFunctions(Supplier<InventoryService> service, Supplier<AccessGate> access) {
        this.service = service;
        this.access = access;
    }

    @FunctionName("DeviceInventory")
    public HttpResponseMessage list(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "devices",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "DeviceInventory", caller -> {
            Parsed<InventoryQuery> parsed = InventoryQuery.parse(request.getQueryParameters());
            if (parsed instanceof Parsed.Invalid<InventoryQuery> bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            return respond(
                    request,
                    service.get().list(((Parsed.Valid<InventoryQuery>) parsed).value()),
                    InventoryFunctions::page);
        });
    }

    @FunctionName("DeviceSummary")
    public HttpResponseMessage summary(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "devices/summary",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "DeviceSummary", caller -> {
            Parsed<SummaryQuery> parsed = SummaryQuery.parse(request.getQueryParameters());
            if (parsed instanceof Parsed.Invalid<SummaryQuery> bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            return respond(
                    request,
                    service.get().summary(((Parsed.Valid<SummaryQuery>) parsed).value()),
                    InventoryFunctions::summary);
        });
    }

    private static <T> HttpResponseMessage respond(
            HttpRequestMessage<?> request, InventoryOutcome<T> outcome, Function<T, Object> body) {
        if (outcome instanceof InventoryOutcome.Found<T> found) {
            return HttpResponses.json(request, 200, body.apply(found.value()), Map.of("Cache-Control", "no-store"));
        }
        if (outcome instanceof InventoryOutcome.InvalidRequest<T> bad) {
            return HttpResponses.problem(request, Problems.invalid(bad.errors()));
        }
        return HttpResponses.problem(request, Problems.hub(((InventoryOutcome.HubFailed<T>) outcome).failure()));
    }

    /** {@code {"devices":[...], "continuationToken"}}; absent values (and the token on the last page) are left out. */
    static Object page(InventoryPage page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "devices",
                page.devices().stream().map(InventoryFunctions::device).toList());
        body.put("continuationToken", page.continuationToken());
        return body;
    }

    private static Map<String, Object> device(InventoryDevice d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceId", d.deviceId());
        out.put("connectionState", d.connectionState());
        out.put("lastActivityTime", d.lastActivityTime());
        out.put("firmwareVersion", d.firmwareVersion());
        LastAction a = d.lastAction();
        if (a != null) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("action", a.action());
            last.put("status", a.status());
            last.put("outcome", a.outcome().wireName());
            last.put("operationId", a.operationId());
            last.put("updatedAt", a.updatedAt());
            last.put("errorCode", a.errorCode());
            out.put("lastAction", last);
        }
        return out;
    }

    /** {@code {"devices", "firmwareVersions":[{"version","devices"}], "actions":{"reboot":[{"status","outcome","devices"}]}, "truncated"}}. */
    static Object summary(InventorySummary s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("devices", s.devices());
        body.put(
                "firmwareVersions",
                s.firmwareVersions().stream()
                        .map(v -> row("version", v.version(), null, v.devices()))
                        .toList());
        Map<String, List<Map<String, Object>>> actions = new LinkedHashMap<>();
        s.actions()
                .forEach((action, counts) -> actions.put(
                        action,
                        counts.stream()
                                .map(c -> row("status", c.status(), c.outcome().wireName(), c.devices()))
                                .toList()));
        body.put("actions", actions);
        body.put("truncated", s.truncated());
        return body;
    }

    private static Map<String, Object> row(String name, String value, String outcome, long devices) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(name, value);
        if (outcome != null) {
            out.put("outcome", outcome);
        }
        out.put("devices", devices);
        return out;
    }
}
