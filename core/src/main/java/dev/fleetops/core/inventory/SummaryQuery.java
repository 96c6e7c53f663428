package dev.fleetops.core.inventory;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.rollout.service.TargetFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/devices/summary} asks for: counts over the devices an optional filter selects.
 *
 * @param filter the devices to count, or null for all
 */
public record SummaryQuery(TargetFilter filter) {
    /** The query parameters {@link #parse} reads (OpenAPI documents exactly these). */
    public static final List<String> PARAMETERS = List.of(InventoryFilter.PARAMETER);

    public static Parsed<SummaryQuery> parse(Map<String, String> params) {
        return parse(params, Action.all());
    }

    public static Parsed<SummaryQuery> parse(Map<String, String> params, List<Action<?, ?>> actions) {
        List<FieldError> errors = new ArrayList<>();
        TargetFilter filter = InventoryFilter.parse(params, actions, errors);
        return errors.isEmpty() ? new Parsed.Valid<>(new SummaryQuery(filter)) : new Parsed.Invalid<>(errors);
    }
}
