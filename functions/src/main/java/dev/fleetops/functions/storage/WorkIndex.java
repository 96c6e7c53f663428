package dev.fleetops.functions.storage;

import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The keys of the executions table's work index ({@link ExecutionTable}): a copy of each unfinished device's row under
 * a key that sorts by what a tick asks for. Table Storage has no secondary index, and a key range within a partition
 * is its one cheap query, so the order a tick wants is spelled into the key:
 * <ul>
 * <li>queued: {@code ~q<wave, 5 digits><next try, epoch ms, 13 digits; 0 for none>|<device>}: "waves up to w, due by
 *     t" is the range below {@code ~q<w+1>}, with {@code Due le t} filtering out later tries of lower waves;</li>
 * <li>in progress: {@code ~p<dispatched, epoch ms, 13 digits>|<device>}: "dispatched before t" is the range below
 *     {@code ~p<t>}.</li>
 * </ul>
 * A finished device has no entry. Device ids are ASCII without {@code ~} ({@code DeviceIds}), so row keys of the
 * devices' own rows sort below {@value #FIRST_KEY}.
 */
final class WorkIndex {
    /** Every index key is at or above this; every execution row's key below it. */
    static final String FIRST_KEY = "~";

    private static final String QUEUED = "~q";
    private static final String IN_PROGRESS = "~p";
    /** Above every digit: the end of a prefix's whole range. */
    private static final String END = ":";

    private static final long MAX_MILLIS = 9_999_999_999_999L;

    /** Row keys {@code from} (inclusive) to {@code to} (exclusive). */
    record Range(String from, String to) {}

    private WorkIndex() {}

    /** The entry's key for this row, or null for a finished device (it has none). */
    static String key(DeviceExecution e) {
        String device = "|" + RolloutEntities.escapeKey(e.deviceId());
        if (e.state() == ExecutionState.QUEUED) {
            return QUEUED + wave(e.wave()) + millis(e.notBefore()) + device;
        }
        if (e.state() == ExecutionState.IN_PROGRESS) {
            return IN_PROGRESS + millis(e.dispatchedAt()) + device;
        }
        return null;
    }

    /** Queued devices of waves up to {@code maxWave} (any next try: filter on {@code Due}). */
    static Range queued(int maxWave) {
        return new Range(QUEUED, maxWave >= 99_999 ? QUEUED + END : QUEUED + wave(maxWave + 1));
    }

    /** The filter that keeps queued entries whose next try is at or before {@code dueBy} (none for "any"). */
    static String dueBy(Instant dueBy) {
        return dueBy.getEpochSecond() >= MAX_MILLIS / 1000 ? null : "Due le " + dueBy.toEpochMilli() + "L";
    }

    /** In-flight devices dispatched at or before {@code dispatchedBy}. */
    static Range inProgress(Instant dispatchedBy) {
        if (dispatchedBy.getEpochSecond() >= MAX_MILLIS / 1000) {
            return new Range(IN_PROGRESS, IN_PROGRESS + END);
        }
        return new Range(IN_PROGRESS, IN_PROGRESS + millis(dispatchedBy.plusMillis(1)));
    }

    /**
     * The index changes that go with writing {@code row} (the device's new row entity) when it was {@code before}
     * (null: a new device): remove the old entry if its key changed, write the new one if the device is unfinished.
     */
    static List<TableTransactionAction> moves(TableEntity row, DeviceExecution before, DeviceExecution now) {
        List<TableTransactionAction> out = new ArrayList<>(2);
        String old = before == null ? null : key(before);
        String next = key(now);
        if (old != null && !old.equals(next)) {
            out.add(new TableTransactionAction(
                    TableTransactionActionType.DELETE, new TableEntity(row.getPartitionKey(), old)));
        }
        if (next != null) {
            TableEntity copy = new TableEntity(row.getPartitionKey(), next);
            Tables.copyProperties(row, copy);
            copy.addProperty(
                    "Due", now.notBefore() == null ? 0L : now.notBefore().toEpochMilli());
            out.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, copy));
        }
        return out;
    }

    private static String wave(int wave) {
        return String.format(Locale.ROOT, "%05d", Math.max(0, Math.min(wave, 99_999)));
    }

    private static String millis(Instant t) {
        long ms = t == null ? 0 : Math.max(0, Math.min(t.toEpochMilli(), MAX_MILLIS));
        return String.format(Locale.ROOT, "%013d", ms);
    }
}
