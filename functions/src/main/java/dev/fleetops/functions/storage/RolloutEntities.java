package dev.fleetops.functions.storage;

import com.azure.data.tables.models.TableEntity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Keys and property values as the store's tables share them; each table maps its own entities
 * ({@link OperationTable}, {@link ExecutionTable}, {@link AuditTable}, {@link IdempotencyClaims}).
 *
 * <p>Keys: operation ids are used as they are (checked by {@link #isKeySafe}), device ids escaped, executions
 * sharded by a stable hash, idempotency keys hashed. Values: instants are stored as ISO-8601 strings
 * ({@link Instant#toString()}), not as Edm.DateTime, because Table Storage keeps only 100 ns and the engine's
 * instants may carry nanoseconds. Null fields are simply absent (Table Storage has no null).
 */
final class RolloutEntities {
    static final int SHARDS = 16;
    /** Operation ids become keys; they are UUIDs in practice, this only keeps keys valid. */
    static final int MAX_ID_LENGTH = 200;

    private RolloutEntities() {}

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
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A string literal for an OData filter. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    // ---- values ----

    static void put(TableEntity e, String name, Object value) {
        if (value != null) {
            e.addProperty(name, value);
        }
    }

    static String str(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v == null ? null : v.toString();
    }

    static int integer(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v));
    }

    static String instant(Instant t) {
        return t == null ? null : t.toString();
    }

    static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    /** The tally as stored on the operation row: per state name, for the operation and each wave. */
    static String tallyJson(dev.fleetops.core.rollout.Tally t) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.add("all", counts(t.all()));
        com.google.gson.JsonArray waves = new com.google.gson.JsonArray();
        t.waves().forEach(w -> waves.add(counts(w)));
        o.add("waves", waves);
        if (t.isComplete()) {
            com.google.gson.JsonObject reasons = new com.google.gson.JsonObject();
            t.queueReasons().forEach((r, n) -> reasons.addProperty(r.name(), n));
            o.add("queueReasons", reasons);
            o.addProperty("maxAttempt", t.maxAttempt());
            o.add("dispatched", perSecond(t.pace().dispatched()));
            o.add("succeeded", perSecond(t.pace().succeeded()));
        }
        return o.toString();
    }

    /** Per-second counts as {@code [[epochSecond, n], …]}: at most {@link dev.fleetops.core.rollout.Pace#SPAN} of them. */
    private static com.google.gson.JsonArray perSecond(java.util.NavigableMap<Long, Long> m) {
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        m.forEach((second, n) -> {
            com.google.gson.JsonArray pair = new com.google.gson.JsonArray();
            pair.add(second);
            pair.add(n);
            a.add(pair);
        });
        return a;
    }

    private static java.util.NavigableMap<Long, Long> perSecond(com.google.gson.JsonArray a) {
        java.util.TreeMap<Long, Long> m = new java.util.TreeMap<>();
        a.forEach(p -> m.put(
                p.getAsJsonArray().get(0).getAsLong(), p.getAsJsonArray().get(1).getAsLong()));
        return m;
    }

    /** The stored tally, or null when missing or unreadable (the operation is then counted from its devices). */
    static dev.fleetops.core.rollout.Tally tally(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            com.google.gson.JsonObject o =
                    com.google.gson.JsonParser.parseString(json).getAsJsonObject();
            java.util.List<dev.fleetops.core.rollout.Counts> waves = new java.util.ArrayList<>();
            o.getAsJsonArray("waves").forEach(w -> waves.add(counts(w.getAsJsonObject())));
            if (!o.has("dispatched")) {
                return new dev.fleetops.core.rollout.Tally(counts(o.getAsJsonObject("all")), waves);
            }
            java.util.Map<dev.fleetops.core.rollout.QueueReason, Long> reasons =
                    new java.util.EnumMap<>(dev.fleetops.core.rollout.QueueReason.class);
            o.getAsJsonObject("queueReasons")
                    .entrySet()
                    .forEach(e -> reasons.put(
                            dev.fleetops.core.rollout.QueueReason.valueOf(e.getKey()),
                            e.getValue().getAsLong()));
            return new dev.fleetops.core.rollout.Tally(
                    counts(o.getAsJsonObject("all")),
                    waves,
                    reasons,
                    o.get("maxAttempt").getAsInt(),
                    new dev.fleetops.core.rollout.Pace(
                            perSecond(o.getAsJsonArray("dispatched")), perSecond(o.getAsJsonArray("succeeded"))));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static com.google.gson.JsonObject counts(dev.fleetops.core.rollout.Counts c) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        c.byState().forEach((state, n) -> {
            if (n != 0) {
                o.addProperty(state.name(), n);
            }
        });
        return o;
    }

    private static dev.fleetops.core.rollout.Counts counts(com.google.gson.JsonObject o) {
        java.util.Map<dev.fleetops.core.rollout.ExecutionState, Long> m =
                new java.util.EnumMap<>(dev.fleetops.core.rollout.ExecutionState.class);
        o.entrySet()
                .forEach(e -> m.put(
                        dev.fleetops.core.rollout.ExecutionState.valueOf(e.getKey()),
                        e.getValue().getAsLong()));
        return new dev.fleetops.core.rollout.Counts(m);
    }
}
