package dev.fleetops.core.hub;

/**
 * Port: runs one page of an IoT Hub query, for callers that hand the paging on (an API whose client asks for the next
 * page) instead of reading a whole result. As with {@link TwinQueries}, queries are built by FleetOps from constants and
 * validated filters; the continuation is the hub's own token, which callers must not let a client write unchecked.
 */
@FunctionalInterface
public interface TwinPages {
    /**
     * One page of at most {@code pageSize} rows.
     *
     * @param continuation the hub's token for the page after the previous one, or null for the first page
     * @throws HubCallException if the hub rejects or cannot answer the query (a token it does not know included)
     */
    QueryPage page(String query, int pageSize, String continuation);
}
