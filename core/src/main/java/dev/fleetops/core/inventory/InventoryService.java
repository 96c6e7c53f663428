package dev.fleetops.core.inventory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.QueryPage;
import dev.fleetops.core.hub.TwinPages;
import dev.fleetops.core.text.SafeText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Answers the inventory routes with bounded work per request: a list request is one hub query page of at most
 * {@link InventoryQuery#MAX_PAGE_SIZE} twins, a summary one {@code GROUP BY} query per dimension (firmware version,
 * then each action's status) of at most {@value #MAX_GROUPS} groups. Nothing scans the fleet.
 */
public final class InventoryService {
    /** Groups read per summary dimension: one hub page. More distinct values mark the summary truncated. */
    public static final int MAX_GROUPS = 100;
    /** Longest group value shown: values are device-written. */
    static final int MAX_VALUE_CHARS = 128;

    private final TwinPages hub;
    private final List<Action<?, ?>> actions;

    public InventoryService(TwinPages hub) {
        this(hub, Action.all());
    }

    /** @param actions the actions whose sections are read (FleetOps ships {@link Action#all()}) */
    public InventoryService(TwinPages hub, List<Action<?, ?>> actions) {
        this.hub = Objects.requireNonNull(hub, "'hub' cannot be null.");
        this.actions = List.copyOf(actions);
    }

    public InventoryOutcome<InventoryPage> list(InventoryQuery q) {
        String query = q.hubQuery();
        QueryPage page;
        try {
            page = hub.page(query, q.pageSize(), q.hubContinuation());
        } catch (HubCallException e) {
            if (q.hubContinuation() != null && e.failure().httpStatus() == 400) {
                // The hub forgets tokens (they expire, and a local hub's are used once): the client starts over.
                return new InventoryOutcome.InvalidRequest<>(List.of(new FieldError(
                        "continuationToken",
                        "is no longer known to the IoT hub (expired or already used); list again from the first"
                                + " page")));
            }
            return new InventoryOutcome.HubFailed<>(e.failure());
        }
        List<InventoryDevice> devices = new ArrayList<>();
        for (JsonObject row : page.rows()) {
            InventoryDevice d = DeviceProjection.of(row, actions);
            if (d.deviceId() != null) {
                devices.add(d);
            }
        }
        String next = page.continuation() == null ? null : PageToken.encode(query, page.continuation());
        return new InventoryOutcome.Found<>(new InventoryPage(devices, next));
    }

    public InventoryOutcome<InventorySummary> summary(SummaryQuery q) {
        try {
            QueryPage versions = hub.page(InventoryQueries.byFirmwareVersion(q.filter()), MAX_GROUPS, null);
            boolean truncated = versions.continuation() != null;
            Map<String, Long> perVersion = groups(versions);
            Map<String, List<InventorySummary.StatusCount>> perAction = new LinkedHashMap<>();
            for (Action<?, ?> a : actions) {
                QueryPage statuses = hub.page(InventoryQueries.byStatus(a, q.filter()), MAX_GROUPS, null);
                truncated |= statuses.continuation() != null;
                List<InventorySummary.StatusCount> counts = new ArrayList<>();
                groups(statuses)
                        .forEach((status, n) -> counts.add(new InventorySummary.StatusCount(
                                status,
                                status == null
                                        ? Outcome.NONE
                                        : a.status(status).map(Outcome::of).orElse(Outcome.UNKNOWN),
                                n)));
                counts.sort(Comparator.comparingLong(InventorySummary.StatusCount::devices)
                        .reversed());
                perAction.put(a.methodName(), counts);
            }
            List<InventorySummary.VersionCount> fw = new ArrayList<>();
            perVersion.forEach((v, n) -> fw.add(new InventorySummary.VersionCount(v, n)));
            fw.sort(Comparator.comparingLong(InventorySummary.VersionCount::devices)
                    .reversed());
            long total = fw.stream()
                    .mapToLong(InventorySummary.VersionCount::devices)
                    .sum();
            return new InventoryOutcome.Found<>(new InventorySummary(total, fw, perAction, truncated));
        } catch (HubCallException e) {
            return new InventoryOutcome.HubFailed<>(e.failure());
        }
    }

    /**
     * Devices per group value, in the hub's order. A missing value (devices without the property) and JSON null are
     * one group, null; values that read alike (the number 1 and the string "1") are merged, so no key shows twice.
     */
    private static Map<String, Long> groups(QueryPage page) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonObject row : page.rows()) {
            if (!(row.get(InventoryQueries.COUNT) instanceof JsonPrimitive n) || !n.isNumber()) {
                continue;
            }
            out.merge(value(row.get(InventoryQueries.VALUE)), n.getAsLong(), Long::sum);
        }
        return out;
    }

    private static String value(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        String text = e instanceof JsonPrimitive p ? p.getAsString() : e.toString();
        return SafeText.clean(text, MAX_VALUE_CHARS);
    }
}
