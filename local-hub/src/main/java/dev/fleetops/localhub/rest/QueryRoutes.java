package dev.fleetops.localhub.rest;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.query.Query;
import dev.fleetops.localhub.query.ast.Source;
import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import java.util.List;

/**
 * {@code POST /devices/query}: runs the query over a snapshot of all twins and pages the result.
 * The first page fixes the snapshot; continuation tokens name the rest, so paging is consistent
 * while twins change, as on the real hub.
 */
final class QueryRoutes {

    private final Hub hub;
    private final ResultPages pages = new ResultPages(256);
    private volatile java.util.function.Supplier<List<JsonObject>> jobRows;

    QueryRoutes(Hub hub) {
        this.hub = hub;
    }

    /** Where {@code FROM devices.jobs} rows come from (the job engine); without it such queries are refused. */
    void jobRows(java.util.function.Supplier<List<JsonObject>> rows) {
        this.jobRows = rows;
    }

    RestResponse query(RestRequest r) {
        int pageSize = ResultPages.pageSize(r.header("x-ms-max-item-count"), "x-ms-max-item-count");
        String continuation = r.header("x-ms-continuation");
        return pages.page(continuation, pageSize, () -> run(Bodies.string(Bodies.object(r), "query")), "Twin");
    }

    private List<JsonObject> run(String text) {
        if (text == null) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "The body must have a 'query' string.");
        }
        Query query;
        try {
            query = Query.parse(text);
        } catch (QuerySyntaxException e) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID, "Query syntax error: " + e.reason() + " at position " + e.position());
        }
        if (query.source() == Source.DEVICES_JOBS && jobRows != null) {
            return query.execute(jobRows.get());
        }
        if (query.source() != Source.DEVICES) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID, "Only FROM devices is supported by this endpoint for now.");
        }
        return query.execute(hub.twins());
    }
}
