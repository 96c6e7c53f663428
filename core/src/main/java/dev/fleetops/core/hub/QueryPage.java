package dev.fleetops.core.hub;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One page of query rows.
 *
 * @param continuation the hub's token for the next page, or null on the last page
 */
public record QueryPage(List<JsonObject> rows, String continuation) {
    public QueryPage {
        rows = List.copyOf(rows);
    }
}
