package dev.fleetops.localhub.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.IfMatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinWalTest {
    private static final List<AccessPolicy> POLICIES = AccessPolicy.defaults(new SecureRandom());

    @TempDir
    Path dir;

    /** A hub on {@code dir} with durable registry and twins; the caller closes the returned log (or "crashes" by not). */
    private Hub open(TwinWal[] wal, long compactBytes) {
        Hub hub = new Hub("127.0.0.1", POLICIES, Clock.systemUTC(), new FileRegistryStore(dir), 100);
        wal[0] = new TwinWal(dir, compactBytes);
        hub.useTwinStore(wal[0]);
        return hub;
    }

    private static JsonObject withoutConnectionFields(JsonObject twin) {
        JsonObject t = twin.deepCopy();
        t.remove("connectionStateUpdatedTime");
        t.remove("lastActivityTime");
        return t;
    }

    private static JsonObject desired(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void twinsComeBackExactlyWithVersionsEtagsAndMetadataAfterACrashWithoutClose() {
        TwinWal[] wal = new TwinWal[1];
        Hub hub = open(wal, TwinWal.DEFAULT_COMPACT_BYTES);
        hub.addDevice("d1", null, null, true);
        hub.addDevice("d2", null, null, true);
        hub.patchReported("d1", desired("{\"fw\":\"1.0\",\"temp\":{\"c\":21}}"), null);
        hub.patchReported("d1", desired("{\"temp\":null}"), 2L);
        hub.updateTwin("d1", desired("{\"site\":\"north\"}"), desired("{\"goal\":\"2.0\"}"), IfMatch.ANY, false);
        hub.updateTwin("d2", null, desired("{\"a\":1}"), null, false);
        hub.updateTwin("d2", desired("{\"t\":1}"), desired("{\"b\":2}"), null, true);
        JsonObject d1 = withoutConnectionFields(hub.twin("d1"));
        JsonObject d2 = withoutConnectionFields(hub.twin("d2"));
        hub.close(); // the log is NOT closed: no compaction, the state is only in twins.wal

        Hub again = open(wal, TwinWal.DEFAULT_COMPACT_BYTES);
        try {
            assertEquals(d1, withoutConnectionFields(again.twin("d1")));
            assertEquals(d2, withoutConnectionFields(again.twin("d2")));
            assertEquals(
                    3,
                    again.twin("d1")
                            .getAsJsonObject("properties")
                            .getAsJsonObject("reported")
                            .get("$version")
                            .getAsInt());
            assertEquals(
                    4, again.twin("d1").get("version").getAsInt()); // two reported patches and one tags+desired update
            // the restored twin keeps counting from where it was
            assertEquals(4, again.patchReported("d1", desired("{\"x\":1}"), 3L));
        } finally {
            again.close();
            wal[0].close();
        }
    }

    @Test
    void aTornLastLineIsIgnoredAndEveryCompleteRecordIsReplayed() throws Exception {
        TwinWal[] wal = new TwinWal[1];
        Hub hub = open(wal, TwinWal.DEFAULT_COMPACT_BYTES);
        hub.addDevice("d1", null, null, true);
        for (int i = 0; i < 10; i++) {
            hub.patchReported("d1", desired("{\"n\":" + i + "}"), null);
        }
        hub.close();
        String torn = "{\"id\":\"d1\",\"gen\":\"x\",\"v\":99,\"tags\":{},\"desi";
        Files.writeString(dir.resolve(TwinWal.WAL_FILE), torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Hub again = open(wal, TwinWal.DEFAULT_COMPACT_BYTES);
        try {
            JsonObject reported = again.twinProperties("d1").getAsJsonObject("reported");
            assertEquals(9, reported.get("n").getAsInt());
            assertEquals(11, reported.get("$version").getAsInt());
            // recovery compacted: the torn line is gone and the snapshot holds the state
            assertEquals(0, Files.size(dir.resolve(TwinWal.WAL_FILE)));
            assertEquals(1, TwinWal.readSnapshot(dir).size());
        } finally {
            again.close();
            wal[0].close();
        }
    }

    @Test
    void compactionKeepsTheLogShortAndLosesNothing() throws Exception {
        TwinWal[] wal = new TwinWal[1];
        Hub hub = open(wal, 16 * 1024);
        for (int d = 0; d < 5; d++) {
            hub.addDevice("d" + d, null, null, true);
        }
        for (int i = 0; i < 400; i++) {
            hub.patchReported("d" + (i % 5), desired("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(50) + "\"}"), null);
        }
        assertTrue(Files.size(dir.resolve(TwinWal.WAL_FILE)) < 16 * 1024, "the log was compacted");
        hub.close();

        Hub again = open(wal, 16 * 1024);
        try {
            for (int d = 0; d < 5; d++) {
                JsonObject reported = again.twinProperties("d" + d).getAsJsonObject("reported");
                assertEquals(395 + d, reported.get("n").getAsInt());
                assertEquals(81, reported.get("$version").getAsInt());
            }
        } finally {
            again.close();
            wal[0].close();
        }
    }

    @Test
    void aDeviceDeletedAndCreatedAgainStartsWithAFreshTwin() {
        TwinWal[] wal = new TwinWal[1];
        Hub hub = open(wal, TwinWal.DEFAULT_COMPACT_BYTES);
        hub.addDevice("d1", null, null, true);
        hub.patchReported("d1", desired("{\"old\":true}"), null);
        hub.removeDevice("d1", null);
        hub.addDevice("d1", null, null, true);
        hub.close();

        Hub again = open(wal, TwinWal.DEFAULT_COMPACT_BYTES);
        try {
            JsonObject reported = again.twinProperties("d1").getAsJsonObject("reported");
            assertFalse(reported.has("old"));
            assertEquals(1, reported.get("$version").getAsInt());
        } finally {
            again.close();
            wal[0].close();
        }
    }

    @Test
    void concurrentChangesShareFsyncsAndAllSurvive() throws Exception {
        TwinWal[] wal = new TwinWal[1];
        Hub hub = open(wal, TwinWal.DEFAULT_COMPACT_BYTES);
        int devices = 8;
        int perDevice = 100;
        for (int d = 0; d < devices; d++) {
            hub.addDevice("d" + d, null, null, true);
        }
        ExecutorService pool = Executors.newFixedThreadPool(devices);
        long start = System.nanoTime();
        try {
            List<Future<?>> all = new java.util.ArrayList<>();
            for (int d = 0; d < devices; d++) {
                String id = "d" + d;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < perDevice; i++) {
                        hub.updateTwin(id, null, desired("{\"i\":" + i + "}"), null, false);
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long forces = wal[0].forces();
        System.out.printf(
                "durable twin updates: %d in %.2f s (%.0f/s), %d fsyncs%n",
                devices * perDevice, seconds, devices * perDevice / seconds, forces);
        assertTrue(forces <= devices * perDevice, "at most one fsync per change");
        hub.close();

        Hub again = open(wal, TwinWal.DEFAULT_COMPACT_BYTES);
        try {
            for (int d = 0; d < devices; d++) {
                JsonObject twin = again.twin("d" + d);
                assertEquals(
                        perDevice + 1,
                        twin.getAsJsonObject("properties")
                                .getAsJsonObject("desired")
                                .get("$version")
                                .getAsInt());
                assertEquals(
                        perDevice - 1,
                        twin.getAsJsonObject("properties")
                                .getAsJsonObject("desired")
                                .get("i")
                                .getAsInt());
                assertNotEquals("", twin.get("etag").getAsString());
            }
        } finally {
            again.close();
            wal[0].close();
        }
    }
}
