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
import dev.fleetops.core.hub.TwinQueries;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TwinQueries} on the IoT Hub service SDK. Uses raw queries so aggregate and projection rows
 * keep their aliases; pages of {@value #PAGE_SIZE}.
 */
public final class IotHubTwinQueries implements TwinQueries {
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
        // S1 admits 20 queries a minute per unit, each page counting: a 429 is waited out a few times
        // (the whole query again, since a continuation may not outlive the throttle) before giving up.
        for (int attempt = 0; ; attempt++) {
            try {
                return run(query, maxRows);
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
