package dev.fleetops.bench.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.bench.wire.WireDevice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phase 4: {@code GROUP BY} latency. Every connected device first reports an {@code iothubDM} section shaped like
 * the FleetOps device app's (contract: firmwareVersion, firmwareUpdate and reboot sections), with firmware-update
 * statuses spread as a rollout in progress would leave them; then the service API runs {@link #QUERY} once to warm
 * up and {@code runs} times timed.
 */
final class GroupByPhase {
    static final String QUERY =
            "SELECT properties.reported.iothubDM.firmwareUpdate.status AS status, COUNT() AS n FROM devices"
                    + " GROUP BY properties.reported.iothubDM.firmwareUpdate.status";
    /** Status of device i is STATUSES[i % 20]: 60 % current, 15 % downloading, 10 % applying, 5 % each of the rest. */
    private static final String[] STATUSES = {
        "current",
        "current",
        "current",
        "current",
        "current",
        "current",
        "current",
        "current",
        "current",
        "current",
        "current",
        "current",
        "downloading",
        "downloading",
        "downloading",
        "applying",
        "applying",
        "waiting",
        "applyFailed",
        "rolledBack"
    };

    private static final int POPULATE_IN_FLIGHT = 256;

    record Result(
            int twins, double populateSeconds, long populateErrors, Latencies latencies, int runs, JsonArray groups) {
        long groupedTwins() {
            long n = 0;
            for (JsonElement g : groups) {
                n += g.getAsJsonObject().get("n").getAsLong();
            }
            return n;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "GROUP BY over %,d twins: median %.1f ms, p95 %.1f ms (%d runs through HTTPS); groups %s (sum %,d);"
                            + " populating them took %.1f s = %,.0f reported patches/s with up to %d in flight, %d errors",
                    twins,
                    latencies.percentileMillis(50),
                    latencies.percentileMillis(95),
                    runs,
                    groups,
                    groupedTwins(),
                    populateSeconds,
                    twins / populateSeconds,
                    POPULATE_IN_FLIGHT,
                    populateErrors);
        }
    }

    private GroupByPhase() {}

    static Result run(List<WireDevice> devices, HubServiceApi service, int runs)
            throws InterruptedException, IOException {
        long start = System.nanoTime();
        long errors = populate(devices);
        double populateSeconds = (System.nanoTime() - start) / 1e9;
        JsonArray groups = service.query(QUERY, 100); // warm-up, and the answer we print
        Latencies latencies = new Latencies();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            groups = service.query(QUERY, 100);
            latencies.add(System.nanoTime() - t0);
        }
        return new Result(devices.size(), populateSeconds, errors, latencies, runs, groups);
    }

    private static long populate(List<WireDevice> devices) throws InterruptedException {
        Semaphore inFlight = new Semaphore(POPULATE_IN_FLIGHT);
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<Integer>> sent = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            inFlight.acquire();
            CompletableFuture<Integer> f = devices.get(i)
                    .reportProperties(iothubDm(STATUSES[i % STATUSES.length]).toString());
            f.whenComplete((status, error) -> {
                if (error != null || status != 204) {
                    errors.incrementAndGet();
                }
                inFlight.release();
            });
            sent.add(f);
        }
        for (CompletableFuture<Integer> f : sent) {
            try {
                f.join();
            } catch (RuntimeException e) {
                // counted above
            }
        }
        return errors.get();
    }

    /** The reported section a FleetOps device keeps (docs/contract.md), for one firmware-update status. */
    static JsonObject iothubDm(String status) {
        JsonObject update = new JsonObject();
        update.addProperty("status", status);
        update.addProperty("operationId", "rollout-2026-11-28");
        update.addProperty("version", "2.1.0");
        update.addProperty("fwPackageUri", "https://firmware.example.invalid/fleetops/2.1.0.bin");
        update.addProperty("startedAt", "2026-11-28T17:00:00.000Z");
        update.addProperty("updatedAt", "2026-11-28T17:05:00.000Z");
        JsonObject reboot = new JsonObject();
        reboot.addProperty("status", "completed");
        reboot.addProperty("lastReboot", "2026-11-27T09:00:00.000Z");
        reboot.addProperty("bootCount", 7);
        JsonObject dm = new JsonObject();
        dm.addProperty("firmwareVersion", status.equals("current") ? "2.1.0" : "2.0.3");
        dm.add("firmwareUpdate", update);
        dm.add("reboot", reboot);
        JsonObject reported = new JsonObject();
        reported.add("iothubDM", dm);
        return reported;
    }
}
