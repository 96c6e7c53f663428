package dev.fleetops.core.hub;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * Port: runs IoT Hub queries. Callers pass only queries built from constants; no caller text ever
 * reaches a query.
 */
public interface TwinQueries {
    /**
     * Runs {@code query} and returns at most {@code maxRows} rows, paging as needed.
     *
     * @throws HubCallException if the hub rejects or cannot answer the query
     */
    List<JsonObject> query(String query, int maxRows);
}
