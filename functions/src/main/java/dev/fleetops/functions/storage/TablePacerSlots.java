package dev.fleetops.functions.storage;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import dev.fleetops.core.rollout.service.PacerSlots;
import dev.fleetops.core.rollout.service.SlotSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The hub-wide call schedule ({@link SlotSchedule}) as one Table entity that every instance updates under its etag
 * (table {@value #TABLE}, PartitionKey {@code pacer}, RowKey the hub's name): a claim reads it, moves it on and writes
 * it back If-Match; of two instances claiming at once one writes and the other reads again. A claim is a few
 * milliseconds and an instance claims a block (a quarter of a second of the rate) at a time, so at S3 rates a handful
 * of instances claim a few dozen times a second, within one entity's throughput.
 */
public final class TablePacerSlots implements PacerSlots {
    public static final String TABLE = "fleetopsPacer";

    /** Conflicting writers a claim outlasts before it gives up (the pacer then paces alone). */
    static final int TRIES = 50;

    private static final String PARTITION = "pacer";
    private static final String NEXT_FREE = "NextFree";
    private static final String PAUSED_UNTIL = "PausedUntil";

    private final com.azure.data.tables.TableServiceClient service;
    private final TableClient table;
    private final String hub;
    private volatile boolean ready;

    /** @param hub the hub's host name: instances pacing for the same hub share its entity */
    public TablePacerSlots(com.azure.data.tables.TableServiceClient service, String hub) {
        this.service = service;
        this.table = service.getTableClient(TABLE);
        this.hub = RolloutEntities.escapeKey(hub);
    }

    @Override
    public Instant claim(int slots, Duration interval, Instant now) {
        Instant[] first = new Instant[1];
        update(s -> {
            SlotSchedule.Claim c = s.claim(slots, interval, now);
            first[0] = c.first();
            return c.schedule();
        });
        return first[0];
    }

    @Override
    public void pauseUntil(Instant until) {
        update(s -> s.pausedUntil(until));
    }

    private void update(UnaryOperator<SlotSchedule> change) {
        ensureTable();
        for (int i = 0; i < TRIES; i++) {
            TableEntity current = Tables.find(table, PARTITION, hub);
            SlotSchedule next = change.apply(schedule(current));
            TableEntity written = new TableEntity(PARTITION, hub)
                    .addProperty(NEXT_FREE, next.nextFree().toString())
                    .addProperty(PAUSED_UNTIL, next.pausedUntil().toString());
            try {
                if (current == null) {
                    table.createEntity(written);
                } else {
                    written.addProperty("odata.etag", Tables.canonicalEtag(current.getETag()));
                    table.updateEntityWithResponse(written, TableEntityUpdateMode.REPLACE, true, null, null);
                }
                return;
            } catch (TableServiceException e) {
                int status = Tables.status(e);
                if (status != 409 && status != 412) {
                    throw e;
                }
                // Another instance claimed first: read its schedule and claim after it.
            }
        }
        throw new IllegalStateException("the pacer's schedule kept changing under " + TRIES + " claims");
    }

    private static SlotSchedule schedule(TableEntity e) {
        if (e == null) {
            return SlotSchedule.EMPTY;
        }
        return new SlotSchedule(instant(e.getProperty(NEXT_FREE)), instant(e.getProperty(PAUSED_UNTIL)));
    }

    private static Instant instant(Object value) {
        try {
            return value == null ? Instant.MIN : Instant.parse(value.toString());
        } catch (RuntimeException unreadable) {
            return Instant.MIN; // a damaged schedule starts over from now: no saved-up slots either way
        }
    }

    private void ensureTable() {
        if (!ready) {
            service.createTableIfNotExists(TABLE);
            ready = true;
        }
    }
}
