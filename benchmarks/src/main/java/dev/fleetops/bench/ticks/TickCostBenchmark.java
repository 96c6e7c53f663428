package dev.fleetops.bench.ticks;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.google.gson.JsonObject;
import dev.fleetops.bench.Heap;
import dev.fleetops.bench.Stats;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutConfig;
import dev.fleetops.core.rollout.Tally;
import dev.fleetops.core.rollout.service.DispatchPacer;
import dev.fleetops.core.rollout.service.DispatchWindow;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.RolloutTicker;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.functions.storage.TableRolloutStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What one tick costs as the operation grows: for each size, a reboot operation of that many devices is stored in
 * Table Storage (Azurite) and ticked by the real {@link RolloutTicker} on {@link TableRolloutStore}, with a method
 * port that accepts every call at once (the hub side is not measured here: the dispatch benchmark does that) and
 * twins that report nothing, so every tick starts its full batch and the in-flight set grows tick by tick. Per tick:
 * wall time, Table requests (counted by a pipeline policy; a batch of up to 100 rows is one) and the heap in use
 * after a full GC, and the average time a Table request took (Azurite answers a query by scanning every entity of the
 * table, so on Azurite that time, not the request count, grows with the table; Azure serves key ranges from its
 * index). For contrast, the cost of one read of the whole operation, which every tick made before ticks
 * read by what changes, is measured once per size ({@code --no-full-read} skips it).
 *
 * <p>Writes {@code tick-cost.csv} and {@code tick-cost.svg} (the curves in docs/performance.md) to {@code --out}.
 */
public final class TickCostBenchmark {
    private TickCostBenchmark() {}

    /** One size's figures; per-tick values are medians over the measured ticks (the first is reported apart). */
    public record Result(
            int devices,
            Duration create,
            double firstTickMs,
            double tickMs,
            double tableRequestsPerTick,
            double rowsStartedPerTick,
            double msPerTableRequest,
            long heapAfterGcBytes,
            double fullReadMs,
            long fullReadRequests) {}

    public static void main(String[] args) throws Exception {
        TickCostOptions o = TickCostOptions.parse(args);
        if (o == null) {
            System.out.println(TickCostOptions.HELP);
            return;
        }
        if (!o.plotFrom().isEmpty()) {
            List<Result> all = new ArrayList<>();
            for (Path csv : o.plotFrom()) {
                all.addAll(TickCostReport.fromCsv(Files.readString(csv)));
            }
            all.sort(java.util.Comparator.comparingInt(Result::devices));
            Files.createDirectories(o.out());
            Files.writeString(o.out().resolve("tick-cost.csv"), TickCostReport.csv(all));
            Files.writeString(o.out().resolve("tick-cost.svg"), TickCostReport.svg(all));
            System.out.println(TickCostReport.table(all));
            System.out.println("wrote " + o.out().resolve("tick-cost.svg") + " from "
                    + o.plotFrom().size() + " runs");
            return;
        }
        List<Result> results = run(o, System.out::println);
        Files.createDirectories(o.out());
        Files.writeString(o.out().resolve("tick-cost.csv"), TickCostReport.csv(results));
        Files.writeString(o.out().resolve("tick-cost.svg"), TickCostReport.svg(results));
        System.out.println(TickCostReport.table(results));
        System.out.println("wrote " + o.out().resolve("tick-cost.csv") + " and tick-cost.svg");
    }

    public static List<Result> run(TickCostOptions o, Consumer<String> log) throws IOException {
        AtomicLong requests = new AtomicLong();
        AtomicLong requestNanos = new AtomicLong();
        TableServiceClient service = new TableServiceClientBuilder()
                .connectionString(o.storage())
                .addPolicy(new dev.fleetops.bench.CountingPolicy(requests, requestNanos))
                .buildClient();
        RolloutStore store = new TableRolloutStore(service);
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Result> out = new ArrayList<>();
        try {
            for (int size : o.sizes()) {
                out.add(one(size, o, store, requests, requestNanos, pool, log));
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static Result one(
            int size,
            TickCostOptions o,
            RolloutStore store,
            AtomicLong requests,
            AtomicLong requestNanos,
            ExecutorService pool,
            Consumer<String> log) {
        String id = "tickcost-" + size + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        // More per minute than a tick starts, and a timeout longer than the run: only the tick's batch limits it.
        RolloutConfig cfg = RolloutConfig.simple(100_000, Duration.ofHours(2));
        List<DeviceExecution> rows = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            rows.add(DeviceExecution.queued(String.format(Locale.ROOT, "dev-%07d", i), 0, now));
        }
        StoredRollout stored = new StoredRollout(
                        Rollout.scheduled(id, cfg, now), "reboot", new JsonObject(), null, size, "bench", null)
                .withTally(Tally.of(rows, 1));
        long t0 = System.nanoTime();
        store.create(stored, rows, null, null);
        Duration create = Duration.ofNanos(System.nanoTime() - t0);
        rows = null; // the ticks below must not be helped by rows this process still holds
        log.accept(String.format(Locale.ROOT, "%,d devices stored in %.1f s", size, create.toMillis() / 1000.0));

        // The batch a tick starts: what a pacer at o.perTick() per tick allows (the 30 s budget at that rate).
        DispatchPacer pacer = new DispatchPacer(
                o.perTick() / (double) RolloutTicker.DEFAULT_DISPATCH_BUDGET.toSeconds(),
                System::nanoTime,
                nanos -> {});
        RolloutTicker ticker = new RolloutTicker(
                store,
                (query, max) -> List.of(),
                (device, method, payload) -> new MethodAnswer(200, StrictJson.parse("{\"result\":\"accepted\"}")),
                dev.fleetops.core.hub.DesiredWriter.NONE,
                Clock.systemUTC(),
                pool,
                pacer,
                DispatchWindow.fixed(64),
                RolloutTicker.DEFAULT_DISPATCH_BUDGET,
                dev.fleetops.core.firmware.PackageLinks.NONE);
        List<Double> ms = new ArrayList<>();
        List<Double> perRequestMs = new ArrayList<>();
        List<Long> reqs = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        long heap = 0;
        for (int t = 0; t < o.ticks(); t++) {
            requests.set(0);
            requestNanos.set(0);
            long s = System.nanoTime();
            RolloutTicker.TickReport r = ticker.tick(id);
            ms.add((System.nanoTime() - s) / 1e6);
            reqs.add(requests.get());
            perRequestMs.add(requestNanos.get() / 1e6 / Math.max(1, requests.get()));
            started.add(r.dispatched());
            heap = Math.max(heap, Heap.usedAfterGcBytes());
            log.accept(String.format(
                    Locale.ROOT,
                    "  tick %d: %.0f ms, %d Table requests (%.1f ms each), %d started, %s",
                    t + 1,
                    ms.get(t),
                    reqs.get(t),
                    perRequestMs.get(t),
                    r.dispatched(),
                    r.state()));
        }
        double fullMs = Double.NaN;
        long fullRequests = 0;
        if (o.fullRead()) {
            requests.set(0);
            long s = System.nanoTime();
            int n = store.executions(id).size();
            fullMs = (System.nanoTime() - s) / 1e6;
            fullRequests = requests.get();
            log.accept(String.format(
                    Locale.ROOT, "  one whole read: %,d rows in %.0f ms, %d requests", n, fullMs, fullRequests));
        }
        List<Double> steady = ms.subList(1, ms.size());
        return new Result(
                size,
                create,
                ms.get(0),
                Stats.median(steady),
                Stats.median(reqs.subList(1, reqs.size()).stream()
                        .map(Long::doubleValue)
                        .toList()),
                Stats.median(started.subList(1, started.size()).stream()
                        .map(Integer::doubleValue)
                        .toList()),
                Stats.median(perRequestMs.subList(1, perRequestMs.size())),
                heap,
                fullMs,
                fullRequests);
    }
}
