package dev.fleetops.core.inventory;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.core.rollout.service.TargetFilter;
import dev.fleetops.core.rollout.service.TargetFilterParser;
import java.util.List;
import java.util.Map;

/**
 * The {@code filter} query parameter of the inventory routes: the same JSON as a fleet operation's
 * {@code target.filter} ({@code {"tags":{"site":"berlin"},"reported":{"iothubDM.firmwareVersion":["1.0.0","1.1.0"]}}}),
 * URL-encoded. Errors are named {@code filter}, {@code filter.tags.<path>}, … ; absent or empty means every device.
 */
final class InventoryFilter {
    static final String PARAMETER = "filter";
    /** Longest {@code filter} accepted: a valid filter makes a query of at most 8,192 characters anyway. */
    static final int MAX_CHARS = TargetFilter.MAX_QUERY_LENGTH;

    private InventoryFilter() {}

    /** The filter, or null for none (also when invalid: then {@code errors} says why). */
    static TargetFilter parse(Map<String, String> params, List<Action<?, ?>> actions, List<FieldError> errors) {
        String raw = params == null ? null : params.get(PARAMETER);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_CHARS) {
            errors.add(new FieldError(PARAMETER, "must be at most " + MAX_CHARS + " characters"));
            return null;
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(raw);
        } catch (JsonParseException e) {
            json = null;
        }
        if (json == null || !json.isJsonObject()) {
            errors.add(new FieldError(
                    PARAMETER, "must be a JSON object such as {\"tags\":{\"site\":\"berlin\"}}, URL-encoded"));
            return null;
        }
        int before = errors.size();
        TargetFilter filter = TargetFilterParser.parse(json, PARAMETER, errors);
        if (filter == null || errors.size() > before) {
            return null;
        }
        for (String query : InventoryQueries.all(filter, actions)) {
            if (query.length() > TargetFilter.MAX_QUERY_LENGTH) {
                errors.add(new FieldError(
                        PARAMETER,
                        "makes a query of " + query.length() + " characters; IoT Hub accepts at most "
                                + TargetFilter.MAX_QUERY_LENGTH));
                return null;
            }
        }
        return filter;
    }
}
