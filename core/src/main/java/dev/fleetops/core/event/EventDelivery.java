package dev.fleetops.core.event;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One delivery run (the events timer): moves the oldest waiting outbox entries into the queue of every target that
 * wants them (Event Grid when configured, every subscription whose filter takes their type), then serves each target's
 * queue on its own, and saves how far each event got. Never part of a tick: a slow or hostile target costs this run,
 * not a rollout.
 *
 * <ul>
 * <li><b>One queue per target.</b> Each target reads only its own waiting events ({@link DeliveryQueue}), oldest
 *     first, so a receiver that has been down for a day holds its own backlog and nobody else's: a healthy target's
 *     events never wait behind events only the dead one still needs.</li>
 * <li><b>Order per device.</b> A target's events are sent per lane (one device of one operation, or the operation's
 *     own events) in order; a lane waits behind its first event the target has not taken.</li>
 * <li><b>Bounded.</b> At most {@link DeliveryPolicy#maxEntriesPerRun()} outbox entries are moved and as many events
 *     read per target; each target is served by one task of {@code pool} for at most {@link DeliveryPolicy#runBudget()},
 *     and a webhook that fails once is not called again in the same run (its other lanes wait for the next run), so
 *     one dead receiver costs one timeout per run. The posts have their own timeouts (the adapter's).</li>
 * <li><b>At least once.</b> An event leaves a target's queue only when the target took it or it was dead-lettered; a
 *     run that dies before saving sends the same events again next time, with the same ids.</li>
 * </ul>
 */
public final class EventDelivery {
    private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Outbox outbox;
    private final DeliveryQueue queue;
    private final SubscriptionStore subscriptions;
    private final EventPosts posts;
    private final DeadLetters deadLetters;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final ExecutorService pool;

    public EventDelivery(
            Outbox outbox,
            DeliveryQueue queue,
            SubscriptionStore subscriptions,
            EventPosts posts,
            DeadLetters deadLetters,
            DeliveryPolicy policy,
            Clock clock,
            ExecutorService pool) {
        this.outbox = outbox;
        this.queue = queue;
        this.subscriptions = subscriptions;
        this.posts = posts;
        this.deadLetters = deadLetters;
        this.policy = policy;
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * What a run did, for the log.
     *
     * @param read    outbox entries moved into the targets' queues
     * @param removed queued events that left their queue (delivered, dead-lettered, or their target is gone)
     */
    public record RunReport(int read, int sent, int delivered, int failed, int deadLettered, int removed) {}

    public RunReport run() {
        Map<String, Target> byKey = new LinkedHashMap<>();
        if (posts.eventGridConfigured()) {
            Target eg = new Target.EventGrid();
            byKey.put(eg.key(), eg);
        }
        subscriptions.list().forEach(s -> {
            Target t = new Target.Webhook(s);
            byKey.put(t.key(), t);
        });
        int moved = fanOut(byKey);
        Counters counters = new Counters();
        for (String gone : queue.targets()) {
            if (!byKey.containsKey(gone)) {
                // The subscription was deleted (or Event Grid unconfigured): nobody to deliver to.
                counters.removed += queue.drop(gone, policy.maxEntriesPerRun());
            }
        }
        // One task per target: each reads and changes only its own queue.
        List<Future<TargetRun>> runs = new ArrayList<>();
        for (Target t : byKey.values()) {
            runs.add(pool.submit(() -> serve(t)));
        }
        for (Future<TargetRun> f : runs) {
            try {
                counters.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                // That target's queue is served again next run.
            }
        }
        return new RunReport(
                moved, counters.sent, counters.delivered, counters.failed, counters.deadLettered, counters.removed);
    }

    /**
     * Moves the oldest outbox entries into the queues of the targets that take their type. An entry recorded before
     * targets had queues keeps how far each target got.
     *
     * @return how many entries were moved
     */
    private int fanOut(Map<String, Target> targets) {
        List<OutboxEntry> read = outbox.pending(policy.maxEntriesPerRun());
        if (read.isEmpty()) {
            return 0;
        }
        List<QueuedEvent> queued = new ArrayList<>();
        for (OutboxEntry e : read) {
            if (e.deliveries() == null) {
                targets.values().stream()
                        .filter(t -> t.accepts(e.event().type()) && t.takesRecordedAt(e.recordedAt()))
                        .forEach(t -> queued.add(QueuedEvent.of(e, t.key(), Delivery.NEW)));
            } else {
                e.deliveries().forEach((key, d) -> {
                    if (!d.done() && targets.containsKey(key)) {
                        queued.add(QueuedEvent.of(e, key, d));
                    }
                });
            }
        }
        // Queued before the entry goes: a run that dies in between queues the same events again, which keeps them.
        queue.enqueue(queued);
        read.forEach(outbox::remove);
        return read.size();
    }

    /** Serves one target: dead-letters what is too old, sends what is due, saves what happened. */
    private TargetRun serve(Target target) {
        Instant now = clock.instant();
        TargetRun run = new TargetRun(target.key());
        List<QueuedEvent> live = new ArrayList<>();
        List<QueuedEvent> done = new ArrayList<>();
        for (QueuedEvent q : queue.next(target.key(), policy.maxEntriesPerRun())) {
            if (!policy.expired(q.recordedAt(), now)) {
                live.add(q);
                continue;
            }
            Delivery d = q.delivery();
            try {
                deadLetters.write(new DeadLetters.DeadLetter(
                        target.key(),
                        urlOf(target),
                        q.event(),
                        d.attempts(),
                        "older than " + policy.maxAge() + " before a send succeeded; last: " + d.lastError(),
                        now));
            } catch (RuntimeException storage) {
                continue; // not written: the event stays, and the next run tries again
            }
            run.deadLettered++;
            done.add(q);
        }
        if (target instanceof Target.Webhook w) {
            webhook(run, w, live);
        } else {
            eventGrid(run, target, live);
        }
        for (QueuedEvent q : live) {
            Delivery d = run.deliveries.get(q.key());
            if (d == null) {
                continue;
            }
            if (d.done()) {
                done.add(q);
            } else {
                queue.update(q.withDelivery(d));
            }
        }
        queue.remove(done);
        run.removed += done.size();
        return run;
    }

    /** A webhook: one signed POST per event, lane by lane; the first failure ends the target's run. */
    private void webhook(TargetRun run, Target.Webhook target, List<QueuedEvent> entries) {
        Instant deadline = clock.instant().plus(policy.runBudget());
        java.net.URI url = java.net.URI.create(target.subscription().url());
        for (List<QueuedEvent> lane : lanes(entries).values()) {
            for (QueuedEvent e : lane) {
                Instant now = clock.instant();
                Delivery d = e.delivery();
                if (!d.isDue(now)) {
                    break; // the lane waits behind this one
                }
                if (!now.isBefore(deadline)) {
                    return;
                }
                String body = JSON.toJson(e.event().toCloudEvent());
                long ts = now.getEpochSecond();
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/cloudevents+json; charset=utf-8");
                headers.put(WebhookSignature.ID, e.event().id());
                headers.put(WebhookSignature.TIMESTAMP, Long.toString(ts));
                headers.put(
                        WebhookSignature.SIGNATURE,
                        WebhookSignature.sign(
                                target.subscription().secret(), e.event().id(), ts, body));
                run.sent++;
                EventPosts.Result r = posts.toWebhook(url, headers, body);
                if (r.delivered()) {
                    run.delivered++;
                    run.deliveries.put(e.key(), policy.delivered(d));
                    continue;
                }
                run.failed++;
                afterFailure(run, target, e, d, r, now);
                return; // the receiver is failing: its other lanes wait for the next run
            }
        }
    }

    /** Event Grid: one batch of every lane's due entries, in order, up to {@link DeliveryPolicy#EVENT_GRID_BATCH}. */
    private void eventGrid(TargetRun run, Target target, List<QueuedEvent> entries) {
        Instant deadline = clock.instant().plus(policy.runBudget());
        Map<String, List<QueuedEvent>> lanes = lanes(entries);
        while (clock.instant().isBefore(deadline)) {
            Instant now = clock.instant();
            List<QueuedEvent> batch = new ArrayList<>();
            for (List<QueuedEvent> lane : lanes.values()) {
                for (QueuedEvent e : lane) {
                    if (run.deliveries.containsKey(e.key())) {
                        continue; // sent in this run's earlier batch
                    }
                    if (batch.size() >= DeliveryPolicy.EVENT_GRID_BATCH
                            || !e.delivery().isDue(now)) {
                        break;
                    }
                    batch.add(e);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            JsonArray array = new JsonArray();
            batch.forEach(e -> array.add(e.event().toCloudEvent()));
            run.sent += batch.size();
            EventPosts.Result r = posts.toEventGrid(JSON.toJson(array));
            if (!r.delivered()) {
                run.failed += batch.size();
                batch.forEach(e -> afterFailure(run, target, e, e.delivery(), r, now));
                return;
            }
            run.delivered += batch.size();
            batch.forEach(e -> run.deliveries.put(e.key(), policy.delivered(e.delivery())));
        }
    }

    private void afterFailure(
            TargetRun run, Target target, QueuedEvent e, Delivery d, EventPosts.Result r, Instant now) {
        String error = r.status() == 0 ? r.error() : "HTTP " + r.status() + (r.error() == null ? "" : ": " + r.error());
        DeliveryPolicy.AfterFailure next = policy.afterFailure(d, e.recordedAt(), now, error, r.retryAfter());
        if (next instanceof DeliveryPolicy.AfterFailure.DeadLetter dl) {
            try {
                deadLetters.write(new DeadLetters.DeadLetter(
                        target.key(), urlOf(target), e.event(), dl.delivery().attempts(), dl.reason(), now));
            } catch (RuntimeException storage) {
                // Not written: the entry stays, and the next run's failure dead-letters it again.
                run.deliveries.put(e.key(), new Delivery(d.attempts(), now, error, false));
                return;
            }
            run.deadLettered++;
            run.deliveries.put(e.key(), dl.delivery());
        } else {
            run.deliveries.put(e.key(), ((DeliveryPolicy.AfterFailure.Retry) next).delivery());
        }
    }

    private static String urlOf(Target t) {
        return t instanceof Target.Webhook w ? w.subscription().url() : null;
    }

    /** Events grouped by lane, each lane in delivery order (the queue's order). */
    private static Map<String, List<QueuedEvent>> lanes(List<QueuedEvent> entries) {
        Map<String, List<QueuedEvent>> lanes = new LinkedHashMap<>();
        for (QueuedEvent e : entries) {
            lanes.computeIfAbsent(e.lane(), k -> new ArrayList<>()).add(e);
        }
        lanes.values().forEach(l -> l.sort(java.util.Comparator.comparing(QueuedEvent::key)));
        return lanes;
    }

    private static final class TargetRun {
        final String targetKey;
        final Map<String, Delivery> deliveries = new HashMap<>();
        int sent;
        int delivered;
        int failed;
        int deadLettered;
        int removed;

        TargetRun(String targetKey) {
            this.targetKey = targetKey;
        }
    }

    private static final class Counters {
        int sent;
        int delivered;
        int failed;
        int deadLettered;
        int removed;

        void add(TargetRun r) {
            sent += r.sent;
            delivered += r.delivered;
            failed += r.failed;
            deadLettered += r.deadLettered;
            removed += r.removed;
        }
    }
}
