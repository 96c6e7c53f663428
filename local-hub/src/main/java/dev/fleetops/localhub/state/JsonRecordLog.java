package dev.fleetops.localhub.state;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable key → JSON record map in a state directory: a write-ahead log of JSON lines (one per change, holding
 * the key's whole resulting record under {@code "id"}) and a snapshot (the last record of every key, replaced
 * atomically with {@link AtomicFiles}). Durable twins ({@link TwinWal}) and durable jobs ({@link JobWal}) use it.
 *
 * <p>Both files are created 0600 ({@link AtomicFiles}): they hold what the hub keeps, package URIs included.
 *
 * <ul>
 *   <li>A change is appended under the log's lock (so the file order is the order of changes to a key) and is
 *       durable only after {@link #awaitDurable} returned, i.e. {@link FileChannel#force} covered it. Group commit:
 *       one thread forces while others wait, and a single force covers every line appended before it started.</li>
 *   <li>Compaction (at start, at close, and when the log passes {@code compactBytes}): write the snapshot from the
 *       in-memory last-record map, fsync it, then truncate the log. A crash in between only replays records the
 *       snapshot already holds; replay is idempotent since records carry whole states.</li>
 *   <li>Recovery: load the snapshot, replay the log in order, ignore a torn (unparsable) last line.</li>
 * </ul>
 */
public final class JsonRecordLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRecordLog.class);

    private final Path wal;
    private final Path snapshot;
    private final long compactBytes;
    private final Object appendLock = new Object();
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Last serialized record per device, for compaction. Guarded by appendLock. */
    private final Map<String, String> latest = new LinkedHashMap<>();

    private FileChannel channel;
    private long appended;
    private long walBytes;
    private volatile long durable;
    private long forces;
    private boolean closed;

    /** Opens (recovering) {@code stateDir/walFile} and {@code stateDir/snapshotFile}. */
    public JsonRecordLog(Path stateDir, String walFile, String snapshotFile, long compactBytes) {
        this.wal = stateDir.resolve(walFile);
        this.snapshot = stateDir.resolve(snapshotFile);
        this.compactBytes = compactBytes;
        try {
            recover();
            // The records hold twins and jobs (desired firmware with its package URI): owner-only, like the snapshot.
            channel = AtomicFiles.openOwnerOnly(wal);
            compactLocked();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last record of every key (each holds its key under {@code "id"}). */
    public Map<String, JsonObject> load() {
        Map<String, JsonObject> out = new HashMap<>();
        synchronized (appendLock) {
            latest.forEach(
                    (id, line) -> out.put(id, JsonParser.parseString(line).getAsJsonObject()));
        }
        return out;
    }

    /**
     * Records a key's new state; it is not durable until {@link #awaitDurable} returns for the ticket.
     *
     * @param record must hold {@code key} under {@code "id"}
     * @return a ticket for {@link #awaitDurable}
     * @throws IllegalStateException once closed
     */
    public long append(String key, JsonObject record) {
        String line = record.toString();
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (appendLock) {
            if (closed) {
                throw new IllegalStateException(wal.getFileName() + " is closed");
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            latest.put(key, line);
            walBytes += bytes.length;
            long ticket = ++appended;
            if (walBytes >= compactBytes) {
                try {
                    compactLocked();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return ticket;
        }
    }

    /** Returns once the record with {@code ticket} (and every earlier one) is on disk (fsync'd). */
    public void awaitDurable(long ticket) {
        if (durable >= ticket) {
            return;
        }
        syncLock.lock();
        try {
            if (durable >= ticket) {
                return; // another thread's force covered it
            }
            long target;
            FileChannel ch;
            synchronized (appendLock) {
                target = appended;
                ch = channel;
            }
            ch.force(false);
            synchronized (appendLock) {
                forces++;
                if (target > durable) {
                    durable = target;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            syncLock.unlock();
        }
    }

    /** Drops a key; the next compaction leaves it out. */
    public void forget(String key) {
        synchronized (appendLock) {
            latest.remove(key);
        }
    }

    /** How many fsyncs of the log ran (group commit makes this smaller than the number of changes). */
    public long forces() {
        synchronized (appendLock) {
            return forces;
        }
    }

    /** Writes the snapshot and empties the log now. */
    public void compact() {
        synchronized (appendLock) {
            try {
                compactLocked();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Compacts and closes; appends fail afterwards. */
    @Override
    public void close() {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            try {
                compactLocked();
                channel.close();
            } catch (IOException e) {
                LOG.warn("cannot compact {} on close: {}", wal, e.toString());
            }
            closed = true;
        }
    }

    private void compactLocked() throws IOException {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("[");
        boolean first = true;
        for (String line : latest.values()) {
            sb.append(first ? "\n" : ",\n").append(line);
            first = false;
        }
        sb.append("\n]\n");
        AtomicFiles.write(snapshot, sb.toString(), true);
        channel.truncate(0);
        channel.position(0);
        channel.force(true);
        walBytes = 0;
        durable = appended;
    }

    private void recover() throws IOException {
        if (Files.exists(snapshot)) {
            JsonElement parsed;
            try {
                parsed = JsonParser.parseString(Files.readString(snapshot));
            } catch (RuntimeException e) {
                throw new IllegalStateException(snapshot + " is corrupt (" + e.getMessage() + "); fix or remove it", e);
            }
            for (JsonElement r : parsed.getAsJsonArray()) {
                JsonObject o = r.getAsJsonObject();
                latest.put(o.get("id").getAsString(), o.toString());
            }
        }
        if (!Files.exists(wal)) {
            return;
        }
        List<String> lines = Files.readAllLines(wal, StandardCharsets.UTF_8);
        int replayed = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonObject o;
            try {
                o = JsonParser.parseString(line).getAsJsonObject();
                o.get("id").getAsString();
            } catch (RuntimeException e) {
                if (i == lines.size() - 1) {
                    LOG.info(
                            "ignoring a torn last line in {} (a write cut short by a crash; it was never acknowledged)",
                            wal);
                    break;
                }
                throw new IllegalStateException(
                        wal + " is corrupt at line " + (i + 1) + " (" + e.getMessage() + ")", e);
            }
            latest.put(o.get("id").getAsString(), o.toString());
            replayed++;
        }
        LOG.debug("replayed {} changes from {}", replayed, wal);
    }
}
