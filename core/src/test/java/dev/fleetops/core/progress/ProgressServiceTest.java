package dev.fleetops.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinQueries;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressServiceTest {
    private final List<String> queries = new ArrayList<>();
    private final Map<String, String> stored = new LinkedHashMap<>();
    private final ProgressStore store = new ProgressStore() {
        @Override
        public void save(String runName, String json) {
            stored.put(runName, json);
            stored.put("latest", json);
        }

        @Override
        public Optional<String> latest() {
            return Optional.ofNullable(stored.get("latest"));
        }
    };
    private TwinQueries hub = (query, maxRows) -> {
        queries.add(query);
        return query.startsWith("SELECT COUNT() AS count FROM devices") && !query.contains("GROUP BY")
                ? List.of(StrictJson.parseObject("{\"count\":7}"))
                : List.<JsonObject>of();
    };
    private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void aRunMakesAFixedNumberOfQueriesAndStoresTheSummary() {
        ProgressService service =
                new ProgressService((q, n) -> hub.query(q, n), store, clock, ProgressSettings.defaults());
        ProgressSummary summary = service.run();
        assertEquals(ProgressService.queriesPerRun(), queries.size());
        assertEquals(7, summary.totalDevices());
        assertTrue(
                stored.containsKey("2026-06-01T12-00-00.000Z"), stored.keySet().toString());
        assertEquals(stored.get("latest"), service.latest().orElseThrow());
        assertTrue(service.latest().orElseThrow().contains("\"totalDevices\":7"));
    }

    @Test
    void aFailedQueryStoresNothing() {
        hub = (q, n) -> {
            throw new HubCallException(HubFailure.of(HubFailure.Kind.THROTTLED, "slow down"));
        };
        ProgressService service =
                new ProgressService((q, n) -> hub.query(q, n), store, clock, ProgressSettings.defaults());
        assertThrows(HubCallException.class, service::run);
        assertFalse(service.latest().isPresent());
    }
}
