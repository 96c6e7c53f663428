package dev.fleetops.localhub.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.hub.ErrorCodes;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.HubException;
import dev.fleetops.localhub.query.Query;
import dev.fleetops.localhub.query.QuerySyntaxException;
import dev.fleetops.localhub.query.Source;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /devices/query}: runs the query over a snapshot of all twins and pages the result.
 * The first page fixes the snapshot; continuation tokens name the rest, so paging is consistent
 * while twins change, as on the real hub.
 */
final class QueryRoutes {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final int MAX_OPEN_CURSORS = 256;
    private static final long CURSOR_TTL_MILLIS = 5 * 60_000;

    private record Cursor(List<JsonObject> rows, int offset, long expiresAt) {
    }

    private final Hub hub;
    private final Map<String, Cursor> cursors = new LinkedHashMap<>();
    private volatile java.util.function.Supplier<List<JsonObject>> jobRows;

    QueryRoutes(Hub hub) {
        this.hub = hub;
    }

    /** Where {@code FROM devices.jobs} rows come from (the job engine); without it such queries are refused. */
    void jobRows(java.util.function.Supplier<List<JsonObject>> rows) {
        this.jobRows = rows;
    }

    RestResponse query(RestRequest r) {
        int pageSize = pageSize(r.header("x-ms-max-item-count"));
        String continuation = r.header("x-ms-continuation");
        List<JsonObject> rows;
        int offset;
        if (continuation != null && !continuation.isEmpty()) {
            Cursor c = take(continuation);
            rows = c.rows();
            offset = c.offset();
        } else {
            rows = run(Bodies.string(Bodies.object(r), "query"));
            offset = 0;
        }
        int end = Math.min(rows.size(), offset + pageSize);
        JsonArray page = new JsonArray();
        for (int i = offset; i < end; i++) {
            page.add(rows.get(i));
        }
        RestResponse response = RestResponse.json(200, page).withHeader("x-ms-item-type", "Twin");
        if (end < rows.size()) {
            response = response.withHeader("x-ms-continuation", store(new Cursor(rows, end, System.currentTimeMillis() + CURSOR_TTL_MILLIS)));
        }
        return response;
    }

    private List<JsonObject> run(String text) {
        if (text == null) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "The body must have a 'query' string.");
        }
        Query query;
        try {
            query = Query.parse(text);
        } catch (QuerySyntaxException e) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "Query syntax error: " + e.reason() + " at position " + e.position());
        }
        if (query.source() == Source.DEVICES_JOBS && jobRows != null) {
            return query.execute(jobRows.get());
        }
        if (query.source() != Source.DEVICES) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "Only FROM devices is supported by this endpoint for now.");
        }
        return query.execute(hub.twins());
    }

    private static int pageSize(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_PAGE;
        }
        try {
            int n = Integer.parseInt(header.trim());
            if (n >= 1) {
                return Math.min(n, MAX_PAGE);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HubException(ErrorCodes.ARGUMENT_INVALID, "x-ms-max-item-count must be a positive whole number.");
    }

    private synchronized String store(Cursor c) {
        long now = System.currentTimeMillis();
        cursors.values().removeIf(x -> x.expiresAt() < now);
        if (cursors.size() >= MAX_OPEN_CURSORS) {
            Iterator<String> oldest = cursors.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        String token = UUID.randomUUID().toString();
        cursors.put(token, c);
        return token;
    }

    private synchronized Cursor take(String token) {
        Cursor c = cursors.remove(token);
        if (c == null || c.expiresAt() < System.currentTimeMillis()) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "The continuation token is unknown or has expired.");
        }
        return c;
    }
}
