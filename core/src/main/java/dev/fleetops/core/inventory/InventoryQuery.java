package dev.fleetops.core.inventory;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.rollout.service.TargetFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/devices} asks for: one page of devices matching an optional filter. Built only by
 * {@link #parse}, which treats the query string as hostile.
 *
 * @param filter          the devices to list, or null for all
 * @param hubContinuation the hub's token for the page asked for (unwrapped from the client's {@link PageToken}), or
 *                        null for the first page
 */
public record InventoryQuery(TargetFilter filter, int pageSize, String hubContinuation) {
    /** The query parameters {@link #parse} reads (OpenAPI documents exactly these). */
    public static final List<String> PARAMETERS = List.of(InventoryFilter.PARAMETER, "pageSize", "continuationToken");

    public static final int DEFAULT_PAGE_SIZE = 50;
    /**
     * One hub page ({@code x-ms-max-item-count}), as FleetOps' other queries ask for (IotHubTwinQueries.PAGE_SIZE). A hub
     * may answer fewer rows than asked (its engine treats the count as a maximum); the page is then shorter.
     */
    public static final int MAX_PAGE_SIZE = 100;

    public InventoryQuery {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("'pageSize' must be 1-" + MAX_PAGE_SIZE);
        }
    }

    /** The hub query this request pages through. */
    String hubQuery() {
        return InventoryQueries.list(filter);
    }

    /** @param params the query string (names are case-sensitive; others, such as the function key's {@code code}, are ignored) */
    public static Parsed<InventoryQuery> parse(Map<String, String> params) {
        return parse(params, Action.all());
    }

    /** As {@link #parse(Map)} for a back-end with {@code actions} (FleetOps ships {@link Action#all()}). */
    public static Parsed<InventoryQuery> parse(Map<String, String> params, List<Action<?, ?>> actions) {
        List<FieldError> errors = new ArrayList<>();
        TargetFilter filter = InventoryFilter.parse(params, actions, errors);
        int pageSize = pageSize(value(params, "pageSize"), errors);
        String token = value(params, "continuationToken");
        String hubToken = null;
        if (token != null && errors.isEmpty()) {
            hubToken = PageToken.decode(token, InventoryQueries.list(filter)).orElse(null);
            if (hubToken == null) {
                errors.add(new FieldError(
                        "continuationToken",
                        "is not a token this API issued for this filter; pass the continuationToken of the previous"
                                + " page unchanged, with the same filter"));
            }
        }
        if (!errors.isEmpty()) {
            return new Parsed.Invalid<>(errors);
        }
        return new Parsed.Valid<>(new InventoryQuery(filter, pageSize, hubToken));
    }

    private static int pageSize(String text, List<FieldError> errors) {
        if (text == null) {
            return DEFAULT_PAGE_SIZE;
        }
        int n;
        try {
            n = text.length() > 4 ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_PAGE_SIZE) {
            errors.add(new FieldError("pageSize", "must be a whole number from 1 to " + MAX_PAGE_SIZE));
            return DEFAULT_PAGE_SIZE;
        }
        return n;
    }

    private static String value(Map<String, String> params, String name) {
        String v = params == null ? null : params.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
