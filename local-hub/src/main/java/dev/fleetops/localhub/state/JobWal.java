package dev.fleetops.localhub.state;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.jobs.JobStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * Durable jobs in the state directory: {@code jobs.wal} and {@code jobs-snapshot.json}, kept by a
 * {@link JsonRecordLog} (group-committed fsyncs, compaction, torn-line recovery) as twins are.
 */
public final class JobWal implements JobStore {
    public static final String WAL_FILE = "jobs.wal";
    public static final String SNAPSHOT_FILE = "jobs-snapshot.json";
    /** Job logs grow by a row per device operation; compact at 8 MB as the twin log does. */
    public static final long DEFAULT_COMPACT_BYTES = 8L * 1024 * 1024;

    private final JsonRecordLog log;

    public JobWal(Path stateDir) {
        this.log = new JsonRecordLog(stateDir, WAL_FILE, SNAPSHOT_FILE, DEFAULT_COMPACT_BYTES);
    }

    @Override
    public Map<String, JsonObject> load() {
        return log.load();
    }

    @Override
    public long append(String key, JsonObject record) {
        return log.append(key, record);
    }

    @Override
    public void awaitDurable(long ticket) {
        log.awaitDurable(ticket);
    }

    @Override
    public void forget(String key) {
        log.forget(key);
    }

    @Override
    public void close() {
        log.close();
    }
}
