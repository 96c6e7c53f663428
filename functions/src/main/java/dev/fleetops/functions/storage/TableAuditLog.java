package dev.fleetops.functions.storage;

import static dev.fleetops.functions.storage.RolloutEntities.literal;
import static dev.fleetops.functions.storage.RolloutEntities.put;
import static dev.fleetops.functions.storage.RolloutEntities.str;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditPage;
import dev.fleetops.core.audit.AuditQuery;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditTarget;
import dev.fleetops.core.audit.AuditUnavailableException;
import dev.fleetops.core.audit.RequestIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@link AuditLog} on Azure Table Storage (Azurite locally): one table, {@value #TABLE}, in which every record is written
 * once per way it can be found, each copy whole (no second read to assemble a record):
 *
 * <table>
 * <caption>Partitions</caption>
 * <tr><th>PartitionKey</th><th>holds</th><th>answers</th></tr>
 * <tr><td>{@code t|<yyyy-MM-dd>} (UTC day)</td><td>every record</td><td>a time range without filters: one range query per day</td></tr>
 * <tr><td>{@code d|<device id>}</td><td>records with a device</td><td>{@code deviceId=}: one range query</td></tr>
 * <tr><td>{@code o|<operation id>}</td><td>records with an operation</td><td>{@code operationId=}: one range query</td></tr>
 * <tr><td>{@code a|<object id>}</td><td>records with an actor</td><td>{@code actor=}: one range query</td></tr>
 * </table>
 *
 * <p>RowKey is {@code <19-digit Long.MAX_VALUE − microseconds since the epoch>-<record id>}: rows sort newest first
 * within a partition, a time range is a RowKey range, and two records never collide. A query picks the most selective
 * partition family its filters allow (device, then operation, then actor, else days) and passes the other filters to
 * the service as property filters on that partition. Days keep the unfiltered partitions bounded (one day's records,
 * never a single partition for the whole log) and a bounded range touches at most 32 of them; the per-key partitions
 * grow with one device's, operation's or caller's history, which is small.
 *
 * <p>An append writes up to four entities in different partitions; Table Storage transactions cover one partition, so
 * they are written one after the other as upserts (a retried append rewrites the same rows). If one fails the append
 * throws and the record may be findable by some filters only; {@link dev.fleetops.core.audit.Auditor} then does not act
 * on the intent. The continuation token names the partition and the last RowKey returned, so it resumes exactly.
 */
public final class TableAuditLog implements AuditLog {
    static final String TABLE = "fleetopsAuditLog";
    private static final int TOKEN_VERSION = 1;
    private static final Pattern ROW = Pattern.compile("[0-9]{19}-[0-9a-f-]{36}");
    private static final int SERVER_PAGE = 1000;

    private final TableServiceClient service;
    private final TableClient table;
    private volatile boolean ready;

    public TableAuditLog(TableServiceClient service) {
        this.service = Objects.requireNonNull(service, "service");
        this.table = service.getTableClient(TABLE);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void append(AuditRecord r) {
        Objects.requireNonNull(r, "record");
        try {
            ensureTable();
            String row = rowKey(r.at(), r.id());
            for (String partition : partitions(r)) {
                table.upsertEntity(entity(partition, row, r));
            }
        } catch (RuntimeException e) {
            throw new AuditUnavailableException(
                    "cannot store audit record " + r.id() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    static List<String> partitions(AuditRecord r) {
        List<String> out = new ArrayList<>(4);
        out.add(dayPartition(r.at()));
        if (r.target().deviceId() != null) {
            out.add(devicePartition(r.target().deviceId()));
        }
        if (r.target().operationId() != null) {
            out.add(operationPartition(r.target().operationId()));
        }
        if (r.actor() != null) {
            out.add(actorPartition(r.actor().objectId()));
        }
        return out;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public AuditPage query(AuditQuery q) {
        Objects.requireNonNull(q, "query");
        Plan plan = Plan.of(q);
        int index = 0;
        String after = null;
        if (q.continuationToken() != null) {
            Token t = Token.decode(q.continuationToken());
            index = plan.partitions().indexOf(t.partition());
            if (index < 0) {
                throw new IllegalArgumentException("'continuationToken' is invalid.");
            }
            after = t.lastRow();
        }
        if (!q.from().isBefore(q.to())) {
            return new AuditPage(List.of(), null);
        }
        ensureTable();
        List<AuditRecord> page = new ArrayList<>();
        for (; index < plan.partitions().size(); index++) {
            String partition = plan.partitions().get(index);
            StringBuilder filter = new StringBuilder("PartitionKey eq ")
                    .append(literal(partition))
                    .append(" and RowKey ge ")
                    .append(literal(timeKey(q.to())))
                    .append(" and RowKey lt ")
                    .append(literal(timeKeyAfter(q.from())));
            if (after != null) {
                filter.append(" and RowKey gt ").append(literal(after));
            }
            plan.properties().forEach(p -> filter.append(" and ").append(p));
            ListEntitiesOptions options = new ListEntitiesOptions()
                    .setFilter(filter.toString())
                    .setTop(Math.min(SERVER_PAGE, q.pageSize() + 1));
            String last = null;
            for (TableEntity e : table.listEntities(options, null, null)) {
                AuditRecord r = record(e);
                if (!q.matches(r)) {
                    continue; // the RowKey range is to the microsecond; the query's bounds are exact
                }
                if (page.size() == q.pageSize()) {
                    return new AuditPage(page, new Token(partition, last).encode());
                }
                page.add(r);
                last = e.getRowKey();
            }
            after = null;
            if (page.size() == q.pageSize() && index + 1 < plan.partitions().size()) {
                // Full at the end of a partition: the next page starts with the next partition (and may be empty).
                return new AuditPage(page, new Token(plan.partitions().get(index + 1), null).encode());
            }
        }
        return new AuditPage(page, null);
    }

    /** Which partitions a query reads, in order, and the property filters it passes to the service on each. */
    record Plan(List<String> partitions, List<String> properties) {
        static Plan of(AuditQuery q) {
            List<String> props = new ArrayList<>();
            if (q.deviceId() != null) {
                addIf(props, "OperationId", q.operationId());
                addIf(props, "ActorId", q.actorId());
                return new Plan(List.of(devicePartition(q.deviceId())), props);
            }
            if (q.operationId() != null) {
                addIf(props, "ActorId", q.actorId());
                return new Plan(List.of(operationPartition(q.operationId())), props);
            }
            if (q.actorId() != null) {
                return new Plan(List.of(actorPartition(q.actorId())), props);
            }
            List<String> days = new ArrayList<>();
            if (q.from().isBefore(q.to())) {
                LocalDate first = LocalDate.ofInstant(q.from(), ZoneOffset.UTC);
                for (LocalDate d = LocalDate.ofInstant(q.to().minusNanos(1), ZoneOffset.UTC);
                        !d.isBefore(first);
                        d = d.minusDays(1)) {
                    days.add("t|" + d);
                }
            }
            return new Plan(days, props);
        }

        private static void addIf(List<String> props, String column, String value) {
            if (value != null) {
                props.add(column + " eq " + literal(value));
            }
        }
    }

    /** Where a page ended: a partition of the query's plan and the last RowKey returned there (null: its start). */
    record Token(String partition, String lastRow) {
        String encode() {
            JsonObject o = new JsonObject();
            o.addProperty("v", TOKEN_VERSION);
            o.addProperty("p", partition);
            if (lastRow != null) {
                o.addProperty("r", lastRow);
            }
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException unless the token has the form {@link #encode} gives */
        static Token decode(String token) {
            try {
                JsonObject o = JsonParser.parseString(
                                new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8))
                        .getAsJsonObject();
                String partition = o.get("p").getAsString();
                String row = o.has("r") ? o.get("r").getAsString() : null;
                if (o.get("v").getAsInt() == TOKEN_VERSION
                        && (row == null || ROW.matcher(row).matches())) {
                    return new Token(partition, row);
                }
            } catch (RuntimeException e) {
                // fall through: a malformed token is the caller's mistake
            }
            throw new IllegalArgumentException("'continuationToken' is invalid.");
        }
    }

    // ---------------------------------------------------------------- keys

    static String dayPartition(Instant at) {
        return "t|" + LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    static String devicePartition(String deviceId) {
        return "d|" + RolloutEntities.escapeKey(deviceId);
    }

    static String operationPartition(String operationId) {
        return "o|" + RolloutEntities.escapeKey(operationId);
    }

    static String actorPartition(String objectId) {
        return "a|" + RolloutEntities.escapeKey(objectId);
    }

    /** Newest first: the complement of the instant's microseconds, zero-padded, then the record id. */
    static String rowKey(Instant at, String id) {
        return timeKey(at) + "-" + id;
    }

    /** The smallest RowKey a record at {@code t}'s microsecond can have. */
    private static String timeKey(Instant t) {
        return String.format(Locale.ROOT, "%019d", Long.MAX_VALUE - micros(t));
    }

    /** Just past every RowKey of a record at {@code t}'s microsecond or later (later records have smaller keys). */
    private static String timeKeyAfter(Instant t) {
        return String.format(Locale.ROOT, "%019d", Long.MAX_VALUE - micros(t) + 1);
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    // ---------------------------------------------------------------- mapping

    static TableEntity entity(String partition, String row, AuditRecord r) {
        TableEntity e = new TableEntity(partition, row);
        put(e, "Id", r.id());
        put(e, "At", r.at().toString());
        put(e, "Action", r.action());
        put(e, "Outcome", r.outcome().wireName());
        putActor(e, r.actor());
        put(e, "DeviceId", r.target().deviceId());
        put(e, "OperationId", r.target().operationId());
        put(e, "Route", r.target().route());
        put(e, "Detail", r.detail());
        put(e, "InvocationId", r.request().invocationId());
        put(e, "ClientRequestId", r.request().clientRequestId());
        put(e, "Traceparent", r.request().traceparent());
        put(e, "IntentId", r.intentId());
        return e;
    }

    /** The caller's columns, as the audit log and the device timeline both store them; nothing for null. */
    static void putActor(TableEntity e, AuditActor actor) {
        if (actor != null) {
            put(e, "ActorId", actor.objectId());
            put(e, "ActorName", actor.displayName());
            put(e, "ActorKind", actor.kind());
            put(e, "ActorRoles", String.join(",", actor.roles()));
        }
    }

    /** The caller {@link #putActor} stored, or null. */
    static AuditActor actor(TableEntity e) {
        String actorId = str(e, "ActorId");
        String roles = str(e, "ActorRoles");
        return actorId == null
                ? null
                : new AuditActor(
                        actorId,
                        str(e, "ActorName"),
                        str(e, "ActorKind"),
                        roles == null || roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")));
    }

    static AuditRecord record(TableEntity e) {
        AuditActor actor = actor(e);
        return new AuditRecord(
                str(e, "Id"),
                Instant.parse(str(e, "At")),
                str(e, "Action"),
                AuditOutcome.fromWireName(str(e, "Outcome"))
                        .orElseThrow(() -> new IllegalStateException("unknown outcome in audit row")),
                actor,
                new AuditTarget(str(e, "DeviceId"), str(e, "OperationId"), str(e, "Route")),
                str(e, "Detail"),
                new RequestIds(str(e, "InvocationId"), str(e, "ClientRequestId"), str(e, "Traceparent")),
                str(e, "IntentId"));
    }

    private void ensureTable() {
        if (!ready) {
            service.createTableIfNotExists(TABLE);
            ready = true;
        }
    }
}
