package dev.fleetops.core.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@link DeliveryQueue} in memory, for tests: the same order and idempotence as the Table one. */
public final class InMemoryDeliveryQueue implements DeliveryQueue {
    private final Map<String, TreeMap<String, QueuedEvent>> queues = new TreeMap<>();
    private int version;

    @Override
    public synchronized void enqueue(List<QueuedEvent> events) {
        for (QueuedEvent e : events) {
            queues.computeIfAbsent(e.targetKey(), k -> new TreeMap<>())
                    .computeIfAbsent(
                            e.key(),
                            k -> new QueuedEvent(
                                    e.targetKey(), e.key(), e.event(), e.recordedAt(), e.delivery(), etag()));
        }
    }

    @Override
    public synchronized List<QueuedEvent> next(String targetKey, int max) {
        TreeMap<String, QueuedEvent> q = queues.get(targetKey);
        return q == null ? List.of() : q.values().stream().limit(max).toList();
    }

    @Override
    public synchronized boolean update(QueuedEvent e) {
        TreeMap<String, QueuedEvent> q = queues.get(e.targetKey());
        QueuedEvent was = q == null ? null : q.get(e.key());
        if (was == null || !java.util.Objects.equals(was.etag(), e.etag())) {
            return false;
        }
        q.put(e.key(), new QueuedEvent(e.targetKey(), e.key(), e.event(), e.recordedAt(), e.delivery(), etag()));
        return true;
    }

    @Override
    public synchronized void remove(List<QueuedEvent> events) {
        for (QueuedEvent e : events) {
            TreeMap<String, QueuedEvent> q = queues.get(e.targetKey());
            QueuedEvent was = q == null ? null : q.get(e.key());
            if (was != null && java.util.Objects.equals(was.etag(), e.etag())) {
                q.remove(e.key());
            }
        }
    }

    @Override
    public synchronized Set<String> targets() {
        return new TreeSet<>(queues.keySet());
    }

    @Override
    public synchronized int drop(String targetKey, int max) {
        TreeMap<String, QueuedEvent> q = queues.get(targetKey);
        if (q == null) {
            return 0;
        }
        int n = 0;
        while (!q.isEmpty() && n < max) {
            q.pollFirstEntry();
            n++;
        }
        if (q.isEmpty()) {
            queues.remove(targetKey);
        }
        return n;
    }

    public synchronized List<QueuedEvent> all() {
        List<QueuedEvent> out = new ArrayList<>();
        queues.values().forEach(q -> out.addAll(q.values()));
        return out;
    }

    private String etag() {
        return "v" + (++version);
    }
}
