package dev.fleetops.localhub.state;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.hub.TwinStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Durable twins in the state directory: {@code twins.wal} (one JSON line per twin change, holding the twin's
 * resulting state) and {@code twins-snapshot.json}, kept by a {@link JsonRecordLog} (group-committed fsyncs,
 * compaction, torn-line recovery) keyed by device id.
 */
public final class TwinWal implements TwinStore {
    public static final String WAL_FILE = "twins.wal";
    public static final String SNAPSHOT_FILE = "twins-snapshot.json";
    /** Compact once the log is this long (bytes) by default. */
    public static final long DEFAULT_COMPACT_BYTES = 8L * 1024 * 1024;

    private final JsonRecordLog log;

    public TwinWal(Path stateDir) {
        this(stateDir, DEFAULT_COMPACT_BYTES);
    }

    public TwinWal(Path stateDir, long compactBytes) {
        this.log = new JsonRecordLog(stateDir, WAL_FILE, SNAPSHOT_FILE, compactBytes);
    }

    @Override
    public Map<String, JsonObject> load() {
        return log.load();
    }

    @Override
    public long append(String deviceId, JsonObject record) {
        return log.append(deviceId, record);
    }

    @Override
    public void awaitDurable(long ticket) {
        log.awaitDurable(ticket);
    }

    @Override
    public void forget(String deviceId) {
        log.forget(deviceId);
    }

    /** How many fsyncs of the log ran (group commit makes this smaller than the number of changes). */
    public long forces() {
        return log.forces();
    }

    /** Writes the snapshot and empties the log now. */
    public void compact() {
        log.compact();
    }

    @Override
    public void close() {
        log.close();
    }

    /** The snapshot's records, for tools and tests. */
    static JsonArray readSnapshot(Path stateDir) throws IOException {
        return JsonParser.parseString(Files.readString(stateDir.resolve(SNAPSHOT_FILE)))
                .getAsJsonArray();
    }
}
