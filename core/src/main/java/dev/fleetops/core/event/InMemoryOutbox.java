package dev.fleetops.core.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link Outbox} in memory, for tests: the same order and idempotence as the Table one. */
public final class InMemoryOutbox implements Outbox {
    private final TreeMap<String, OutboxEntry> entries = new TreeMap<>();
    private int version;

    private static String key(String operationId, String orderKey) {
        return operationId + "\u0000" + orderKey;
    }

    @Override
    public synchronized void record(String operationId, List<OutboxEntry> recorded) {
        for (OutboxEntry e : recorded) {
            OutboxEntry was = entries.get(key(operationId, e.orderKey()));
            entries.put(
                    key(operationId, e.orderKey()),
                    was == null
                            ? new OutboxEntry(e.orderKey(), e.event(), e.recordedAt(), null, etag())
                            : new OutboxEntry(e.orderKey(), e.event(), was.recordedAt(), was.deliveries(), etag()));
        }
    }

    @Override
    public synchronized List<OutboxEntry> pending(int max) {
        return entries.values().stream().limit(max).toList();
    }

    @Override
    public synchronized boolean update(OutboxEntry entry) {
        String k = key(entry.event().operationId(), entry.orderKey());
        OutboxEntry was = entries.get(k);
        if (was == null || !java.util.Objects.equals(was.etag(), entry.etag())) {
            return false;
        }
        entries.put(
                k, new OutboxEntry(entry.orderKey(), entry.event(), entry.recordedAt(), entry.deliveries(), etag()));
        return true;
    }

    @Override
    public synchronized void remove(OutboxEntry entry) {
        entries.remove(key(entry.event().operationId(), entry.orderKey()));
    }

    public synchronized List<OutboxEntry> all() {
        return new ArrayList<>(entries.values());
    }

    public synchronized Map<String, OutboxEntry> byKey() {
        return new TreeMap<>(entries);
    }

    private String etag() {
        return "v" + (++version);
    }
}
