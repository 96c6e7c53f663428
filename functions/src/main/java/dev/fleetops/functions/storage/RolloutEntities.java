package dev.fleetops.functions.storage;

import com.azure.data.tables.models.TableEntity;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.ProgressCursor;
import dev.fleetops.core.rollout.service.RolloutJson;
import dev.fleetops.core.rollout.service.StoredRollout;
import dev.fleetops.core.rollout.CancelReason;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * How operations, executions, idempotency claims and audit events map to Table Storage entities.
 *
 * <p>Instants are stored as ISO-8601 strings ({@link Instant#toString()}), not as Edm.DateTime,
 * because Table Storage keeps only 100 ns and the engine's instants may carry nanoseconds. Null
 * fields are simply absent (Table Storage has no null). An execution's error is stored as
 * {@code ErrorCode}/{@code ErrorMessage} plus {@code HasError}, so {@code new ErrorInfo(null, null)}
 * and {@code null} stay distinct. An execution's {@code QueueReason}/{@code CancelReason} and an audit
 * row's {@code Type} are absent on rows written before they existed; reading derives or leaves them null.
 */
final class RolloutEntities {
    static final String OPERATION_PARTITION = "op";
    static final String KEY_PARTITION = "key";
    static final int SHARDS = 16;
    /** Operation ids become keys; they are UUIDs in practice, this only keeps keys valid. */
    static final int MAX_ID_LENGTH = 200;
    /** Seconds added to the epoch second in audit row keys so instants since year 1 sort as positive numbers. */
    private static final long AUDIT_SECONDS_OFFSET = 62_135_596_800L;

    private RolloutEntities() {
    }

    // ---- keys ----

    /** Whether {@code id} can be a PartitionKey/RowKey as is (Table Storage forbids / \ # ? and control characters). */
    static boolean isKeySafe(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (mustEscape(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** An injective escaping of any string into a valid key: forbidden characters and '%' become %XXXX. */
    static String escapeKey(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || mustEscape(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append('%').append(String.format(Locale.ROOT, "%04X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean mustEscape(char c) {
        return c == '/' || c == '\\' || c == '#' || c == '?' || c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** A stable shard (CRC-32 of the UTF-8 device id, mod {@link #SHARDS}): the same on every JVM and release. */
    static int shard(String deviceId) {
        CRC32 crc = new CRC32();
        crc.update(deviceId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % SHARDS);
    }

    static String executionPartition(String operationId, int shard) {
        return operationId + "-" + String.format(Locale.ROOT, "%02d", shard);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A string literal for an OData filter. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * Audit row key: the event's instant as zero-padded seconds (offset to year 1) and nanoseconds,
     * then a per-writer sequence (ties of one writer keep their order), then a random suffix (two
     * writers never collide). Sorting by row key is oldest first.
     */
    static String auditRowKey(Instant at, long sequence, int random) {
        return String.format(Locale.ROOT, "%012d%09d-%016x-%08x", at.getEpochSecond() + AUDIT_SECONDS_OFFSET, at.getNano(),
                sequence, random);
    }

    // ---- operations ----

    static TableEntity operationEntity(StoredRollout s, String idempotencyKey, String requestHash) {
        Rollout r = s.rollout();
        TableEntity e = new TableEntity(OPERATION_PARTITION, r.id());
        put(e, "State", r.state().name());
        e.addProperty("OpenWave", r.openWave());
        put(e, "Reason", r.reason());
        put(e, "Action", s.action());
        put(e, "ActionPayload", s.actionPayload() == null ? null : RolloutJson.GSON.toJson(s.actionPayload()));
        put(e, "TargetQuery", s.targetQuery());
        e.addProperty("DeviceCount", s.deviceCount());
        put(e, "CreatedBy", s.createdBy());
        put(e, "CreatedAt", instant(r.createdAt()));
        put(e, "UpdatedAt", instant(r.updatedAt()));
        put(e, "Config", r.config() == null ? null : RolloutJson.config(r.config()));
        put(e, "IdempotencyKey", idempotencyKey);
        put(e, "RequestHash", requestHash);
        put(e, "ProgressCursor", s.progress() == null ? null : s.progress().toJson());
        return e;
    }

    static StoredRollout operation(TableEntity e) {
        String config = str(e, "Config");
        Rollout r = Rollout.restore(e.getRowKey(), RolloutState.valueOf(str(e, "State")), config == null ? null : RolloutJson.config(config),
                integer(e, "OpenWave"), instant(str(e, "CreatedAt")), instant(str(e, "UpdatedAt")), str(e, "Reason"));
        String payload = str(e, "ActionPayload");
        JsonObject json = payload == null ? null : JsonParser.parseString(payload).getAsJsonObject();
        return new StoredRollout(r, str(e, "Action"), json, str(e, "TargetQuery"), integer(e, "DeviceCount"), str(e, "CreatedBy"),
                e.getETag(), ProgressCursor.fromJson(str(e, "ProgressCursor")));
    }

    // ---- executions ----

    static TableEntity executionEntity(String operationId, DeviceExecution x) {
        TableEntity e = new TableEntity(executionPartition(operationId, shard(x.deviceId())), escapeKey(x.deviceId()));
        e.addProperty("DeviceId", x.deviceId());
        e.addProperty("Wave", x.wave());
        put(e, "State", x.state() == null ? null : x.state().name());
        e.addProperty("Attempt", x.attempt());
        put(e, "NotBefore", instant(x.notBefore()));
        put(e, "DispatchedAt", instant(x.dispatchedAt()));
        put(e, "UpdatedAt", instant(x.updatedAt()));
        put(e, "LastDetail", x.lastDetail());
        put(e, "QueueReason", x.queueReason() == null ? null : x.queueReason().name());
        put(e, "CancelReason", x.cancelReason() == null ? null : x.cancelReason().name());
        if (x.error() != null) {
            e.addProperty("HasError", true);
            put(e, "ErrorCode", x.error().code());
            put(e, "ErrorMessage", x.error().message());
        }
        return e;
    }

    static DeviceExecution execution(TableEntity e) {
        String state = str(e, "State");
        ErrorInfo error = Boolean.TRUE.equals(e.getProperty("HasError")) ? new ErrorInfo(str(e, "ErrorCode"), str(e, "ErrorMessage")) : null;
        // Rows saved before reasons existed have neither column: restore derives them.
        String queue = str(e, "QueueReason");
        String cancel = str(e, "CancelReason");
        return DeviceExecution.restore(str(e, "DeviceId"), integer(e, "Wave"), state == null ? null : ExecutionState.valueOf(state),
                integer(e, "Attempt"), instant(str(e, "NotBefore")), instant(str(e, "DispatchedAt")), instant(str(e, "UpdatedAt")),
                str(e, "LastDetail"), error, queue == null ? null : QueueReason.valueOf(queue),
                cancel == null ? null : CancelReason.valueOf(cancel));
    }

    // ---- audit ----

    static TableEntity auditEntity(String operationId, String rowKey, AuditEvent a) {
        TableEntity e = new TableEntity(operationId, rowKey);
        put(e, "At", instant(a.at()));
        put(e, "Actor", a.actor());
        put(e, "Type", a.type());
        put(e, "Event", a.event());
        return e;
    }

    static AuditEvent auditEvent(TableEntity e) {
        return new AuditEvent(instant(str(e, "At")), str(e, "Actor"), str(e, "Type"), str(e, "Event"));
    }

    // ---- values ----

    private static void put(TableEntity e, String name, Object value) {
        if (value != null) {
            e.addProperty(name, value);
        }
    }

    static String str(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v == null ? null : v.toString();
    }

    private static int integer(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v));
    }

    private static String instant(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
