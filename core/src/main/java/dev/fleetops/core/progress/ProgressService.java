package dev.fleetops.core.progress;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.core.hub.TwinQueries;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One progress run: a fixed number of hub queries (whatever the fleet size), a summary, and a stored
 * document. Used by the timer; {@link #latest()} serves the HTTP endpoint.
 */
public final class ProgressService {
    private static final Gson JSON =
            new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final TwinQueries queries;
    private final ProgressStore store;
    private final Clock clock;
    private final ProgressSettings settings;
    private final ProgressSummarizer summarizer;

    public ProgressService(TwinQueries queries, ProgressStore store, Clock clock, ProgressSettings settings) {
        this.queries = Objects.requireNonNull(queries, "'queries' cannot be null.");
        this.store = Objects.requireNonNull(store, "'store' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
        this.settings = Objects.requireNonNull(settings, "'settings' cannot be null.");
        this.summarizer = new ProgressSummarizer(settings);
    }

    /** Number of hub queries one run makes; constant by design. */
    public static int queriesPerRun() {
        return 2 + Action.all().size() + 2;
    }

    /**
     * Queries the hub, summarizes, stores the summary and returns it.
     *
     * @throws dev.fleetops.core.hub.HubCallException if a query fails; nothing is stored then
     */
    public ProgressSummary run() {
        Instant now = clock.instant();
        List<JsonObject> total = queries.query(ProgressQueries.total(), 1);
        Map<Action<?, ?>, List<JsonObject>> counts = new LinkedHashMap<>();
        for (Action<?, ?> action : Action.all()) {
            counts.put(
                    action,
                    queries.query(ProgressQueries.statusCounts(action), ProgressSettings.MAX_DISTINCT_VALUES * 2));
        }
        List<JsonObject> versions =
                queries.query(ProgressQueries.firmwareVersionCounts(), ProgressSettings.MAX_DISTINCT_VALUES * 2);
        List<JsonObject> stuck =
                queries.query(ProgressQueries.stuck(now.minus(settings.stuckAfter())), settings.maxScanRows());
        List<JsonObject> failed = queries.query(ProgressQueries.failed(), settings.maxScanRows());
        ProgressSummary summary =
                summarizer.summarize(now, new ProgressSummarizer.Rows(total, counts, versions, stuck, failed));
        store.save(runName(summary), JSON.toJson(summary));
        return summary;
    }

    public Optional<String> latest() {
        return store.latest();
    }

    /** Blob-name-safe and sortable: {@code 2026-01-02T03-04-05.678Z}. */
    static String runName(ProgressSummary summary) {
        return summary.generatedAt().replace(':', '-');
    }
}
