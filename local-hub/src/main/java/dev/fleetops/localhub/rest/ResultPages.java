package dev.fleetops.localhub.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Pages query results as IoT Hub does: the first page fixes a snapshot, an opaque
 * {@code x-ms-continuation} token names the rest, and the last page carries no token. Open cursors
 * are bounded and expire, so abandoned queries cost nothing for long.
 */
final class ResultPages {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final long CURSOR_TTL_MILLIS = 5 * 60_000;

    private record Cursor(List<JsonObject> rows, int offset, long expiresAt) {}

    private final int maxOpen;
    private final Map<String, Cursor> cursors = new LinkedHashMap<>();

    ResultPages(int maxOpen) {
        this.maxOpen = maxOpen;
    }

    /**
     * @param continuation the caller's token, or null/empty for a first page
     * @param firstPage    computes the full result for a first page
     */
    RestResponse page(String continuation, int pageSize, Supplier<List<JsonObject>> firstPage, String itemType) {
        List<JsonObject> rows;
        int offset;
        if (continuation != null && !continuation.isEmpty()) {
            Cursor c = take(continuation);
            rows = c.rows();
            offset = c.offset();
        } else {
            rows = firstPage.get();
            offset = 0;
        }
        int end = Math.min(rows.size(), offset + pageSize);
        JsonArray page = new JsonArray();
        for (int i = offset; i < end; i++) {
            page.add(rows.get(i));
        }
        RestResponse response = RestResponse.json(200, page).withHeader("x-ms-item-type", itemType);
        if (end < rows.size()) {
            response = response.withHeader(
                    "x-ms-continuation", store(new Cursor(rows, end, System.currentTimeMillis() + CURSOR_TTL_MILLIS)));
        }
        return response;
    }

    /** A page size header or parameter: default when absent, capped, positive. */
    static int pageSize(String text, String what) {
        if (text == null || text.isBlank()) {
            return DEFAULT_PAGE;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return Math.min(n, MAX_PAGE);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HubException(ErrorCodes.ARGUMENT_INVALID, what + " must be a positive whole number.");
    }

    private synchronized String store(Cursor c) {
        long now = System.currentTimeMillis();
        cursors.values().removeIf(x -> x.expiresAt() < now);
        if (cursors.size() >= maxOpen) {
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
