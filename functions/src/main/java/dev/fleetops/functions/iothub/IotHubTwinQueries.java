package dev.fleetops.functions.iothub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.QueryPage;
import dev.fleetops.core.hub.TwinPages;
import dev.fleetops.core.hub.TwinQueries;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link TwinQueries} and {@link TwinPages} on the IoT Hub service SDK. Uses raw queries so aggregate and projection
 * rows keep their aliases; pages of at most {@value #PAGE_SIZE}.
 */
public final class IotHubTwinQueries implements TwinQueries, TwinPages {
    static final int PAGE_SIZE = 100;
    static final int THROTTLED_RETRIES = 3;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private final QueryClient client;
    private final Runnable beforeCall;

    /** @param beforeCall runs before each call (credential renewal) */
    public IotHubTwinQueries(QueryClient client, Runnable beforeCall) {
        this.client = client;
        this.beforeCall = beforeCall;
    }

    @Override
    public List<JsonObject> query(String query, int maxRows) {
        return throttleTolerant(() -> run(query, maxRows));
    }

    @Override
    public QueryPage page(String query, int pageSize, String continuation) {
        return throttleTolerant(() -> onePage(query, pageSize, continuation));
    }

    private <T> T throttleTolerant(Supplier<T> call) {
        // S1 admits 20 queries a minute per unit, each page counting: a 429 is waited out a few times
        // (the whole query again, since a continuation may not outlive the throttle) before giving up.
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (HubCallException e) {
                if (e.failure().kind() != HubFailure.Kind.THROTTLED || attempt >= THROTTLED_RETRIES) {
                    throw e;
                }
                Duration wait = e.failure().retryAfter() != null
                        ? e.failure().retryAfter()
                        : FIRST_BACKOFF.multipliedBy(1L << attempt);
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * One hub page. {@link RawQueryResponse#next()} fetches the following page by itself once a page is used up, and
     * a hub may answer fewer rows than asked while more follow; a changed continuation after {@code next()} shows
     * that a row came from the following page: it is dropped, and the token of this page's successor handed back, so
     * the caller reads that page whole next time (one query spent, no row lost).
     */
    private QueryPage onePage(String query, int pageSize, String continuation) {
        try {
            beforeCall.run();
            QueryPageOptions.QueryPageOptionsBuilder options =
                    QueryPageOptions.builder().pageSize(Math.min(PAGE_SIZE, Math.max(1, pageSize)));
            if (continuation != null) {
                options.continuationToken(continuation);
            }
            QueryPageOptions page = options.build();
            RawQueryResponse response = client.queryRaw(query, page);
            String next = response.getContinuationToken();
            List<JsonObject> rows = new ArrayList<>();
            while (rows.size() < pageSize && response.hasNext()) {
                String row;
                try {
                    row = response.next(page);
                } catch (NoSuchElementException emptyNextPage) {
                    break;
                }
                if (!Objects.equals(next, response.getContinuationToken())) {
                    break;
                }
                if (JsonParser.parseString(row) instanceof JsonObject o) {
                    rows.add(o);
                }
            }
            return new QueryPage(rows, next == null || next.isEmpty() ? null : next);
        } catch (IotHubException | IOException | IllegalArgumentException e) {
            throw new HubCallException(IotHubErrors.translate(e));
        }
    }

    private List<JsonObject> run(String query, int maxRows) {
        List<JsonObject> rows = new ArrayList<>();
        try {
            beforeCall.run();
            QueryPageOptions page = QueryPageOptions.builder()
                    .pageSize(Math.min(PAGE_SIZE, Math.max(1, maxRows)))
                    .build();
            RawQueryResponse response = client.queryRaw(query, page);
            while (rows.size() < maxRows && response.hasNext()) {
                JsonElement row = JsonParser.parseString(response.next());
                if (row instanceof JsonObject o) {
                    rows.add(o);
                }
            }
            return rows;
        } catch (IotHubException | IOException | IllegalArgumentException e) {
            throw new HubCallException(IotHubErrors.translate(e));
        }
    }
}
