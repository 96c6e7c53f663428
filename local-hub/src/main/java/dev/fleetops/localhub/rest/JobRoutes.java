package dev.fleetops.localhub.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.hub.ErrorCodes;
import dev.fleetops.localhub.hub.HubException;
import dev.fleetops.localhub.jobs.JobEngine;
import dev.fleetops.localhub.jobs.JobStatus;
import dev.fleetops.localhub.jobs.JobType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /jobs/v2/…}: schedule ({@code PUT /jobs/v2/{id}}), read, cancel ({@code POST /jobs/v2/{id}/cancel})
 * and list ({@code GET /jobs/v2/query?jobType=&jobStatus=}, paged with {@code x-ms-max-item-count} and
 * {@code x-ms-continuation} headers or the documented {@code pageSize} and {@code continuationToken} parameters).
 */
final class JobRoutes {
    private static final int MAX_OPEN_CURSORS = 64;
    private static final long CURSOR_TTL_MILLIS = 5 * 60_000;

    private record Cursor(List<JsonObject> rows, int offset, long expiresAt) {
    }

    private final JobEngine engine;
    private final Map<String, Cursor> cursors = new LinkedHashMap<>();

    JobRoutes(JobEngine engine) {
        this.engine = engine;
    }

    RestResponse schedule(String jobId, RestRequest r) {
        return RestResponse.json(200, engine.schedule(jobId, Bodies.object(r)));
    }

    RestResponse get(String jobId) {
        return RestResponse.json(200, engine.get(jobId));
    }

    RestResponse cancel(String jobId) {
        return RestResponse.json(200, engine.cancel(jobId));
    }

    RestResponse query(RestRequest r) {
        String continuation = first(r.header("x-ms-continuation"), r.query().get("continuationToken"));
        int pageSize = pageSize(first(r.header("x-ms-max-item-count"), r.query().get("pageSize")));
        List<JsonObject> rows;
        int offset;
        if (continuation != null) {
            Cursor c = take(continuation);
            rows = c.rows();
            offset = c.offset();
        } else {
            rows = engine.jobs(checked(r.query().get("jobType"), true), checked(r.query().get("jobStatus"), false));
            offset = 0;
        }
        int end = Math.min(rows.size(), offset + pageSize);
        JsonArray page = new JsonArray();
        for (int i = offset; i < end; i++) {
            page.add(rows.get(i));
        }
        RestResponse response = RestResponse.json(200, page).withHeader("x-ms-item-type", "JobResponse");
        if (end < rows.size()) {
            response = response.withHeader("x-ms-continuation", store(new Cursor(rows, end, System.currentTimeMillis() + CURSOR_TTL_MILLIS)));
        }
        return response;
    }

    private static String first(String a, String b) {
        if (a != null && !a.isEmpty()) {
            return a;
        }
        return b == null || b.isEmpty() ? null : b;
    }

    private static String checked(String value, boolean type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return type ? JobType.valueOf(value).name() : JobStatus.valueOf(value).name();
        } catch (IllegalArgumentException e) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "Unknown " + (type ? "jobType" : "jobStatus") + " '" + value + "'.");
        }
    }

    private static int pageSize(String text) {
        if (text == null || text.isBlank()) {
            return QueryRoutes.DEFAULT_PAGE;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return Math.min(n, QueryRoutes.MAX_PAGE);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HubException(ErrorCodes.ARGUMENT_INVALID, "The page size must be a positive whole number.");
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
