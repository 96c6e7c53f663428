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
 * One delivery run (the events timer): reads the oldest waiting outbox entries, gives each new one its targets (Event
 * Grid when configured, every subscription whose filter takes its type), sends what is due, and saves how far each
 * target got. Never part of a tick: a slow or hostile target costs this run, not a rollout.
 *
 * <ul>
 * <li><b>Order per device.</b> Entries are sent per lane (one device of one operation, or the operation's own events)
 *     in {@link OutboxEntry#orderKey} order; a lane waits behind its first entry a target has not taken.</li>
 * <li><b>Bounded.</b> At most {@link DeliveryPolicy#maxEntriesPerRun()} entries are read; each target is served by
 *     one task of {@code pool} for at most {@link DeliveryPolicy#runBudget()}, and a webhook that fails once is not
 *     called again in the same run (its other lanes wait for the next run), so one dead receiver costs one timeout
 *     per run. The posts have their own timeouts (the adapter's).</li>
 * <li><b>At least once.</b> An entry leaves the outbox only when every target took it or it was dead-lettered; a run
 *     that dies before saving sends the same events again next time, with the same ids.</li>
 * </ul>
 */
public final class EventDelivery {
    private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Outbox outbox;
    private final SubscriptionStore subscriptions;
    private final EventPosts posts;
    private final DeadLetters deadLetters;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final ExecutorService pool;

    public EventDelivery(
            Outbox outbox,
            SubscriptionStore subscriptions,
            EventPosts posts,
            DeadLetters deadLetters,
            DeliveryPolicy policy,
            Clock clock,
            ExecutorService pool) {
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.posts = posts;
        this.deadLetters = deadLetters;
        this.policy = policy;
        this.clock = clock;
        this.pool = pool;
    }

    /** What a run did, for the log. */
    public record RunReport(int read, int sent, int delivered, int failed, int deadLettered, int removed) {}

    public RunReport run() {
        Instant now = clock.instant();
        List<Target> targets = new ArrayList<>();
        if (posts.eventGridConfigured()) {
            targets.add(new Target.EventGrid());
        }
        subscriptions.list().forEach(s -> targets.add(new Target.Webhook(s)));
        Map<String, Target> byKey = new LinkedHashMap<>();
        targets.forEach(t -> byKey.put(t.key(), t));

        List<OutboxEntry> read = outbox.pending(policy.maxEntriesPerRun());
        List<OutboxEntry> entries = new ArrayList<>(read.size());
        List<DeadLetters.DeadLetter> expiredLetters = new ArrayList<>();
        for (OutboxEntry e : read) {
            entries.add(prepare(e, byKey, now, expiredLetters));
        }
        Counters counters = new Counters();
        for (DeadLetters.DeadLetter l : expiredLetters) {
            deadLetters.write(l);
            counters.deadLettered++;
        }

        // One task per target: each changes only its own target's deliveries.
        List<Future<TargetRun>> runs = new ArrayList<>();
        for (Target t : byKey.values()) {
            List<OutboxEntry> mine = entries.stream()
                    .filter(e -> e.deliveries().containsKey(t.key())
                            && !e.deliveries().get(t.key()).done())
                    .toList();
            if (!mine.isEmpty()) {
                runs.add(pool.submit(() -> t instanceof Target.Webhook w ? webhook(w, mine) : eventGrid(t, mine)));
            }
        }
        Map<String, Map<String, Delivery>> updates = new HashMap<>();
        for (Future<TargetRun> f : runs) {
            TargetRun r;
            try {
                r = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                continue; // that target's sends are tried again next run
            }
            counters.add(r);
            r.deliveries.forEach((entryKey, d) ->
                    updates.computeIfAbsent(entryKey, k -> new HashMap<>()).put(r.targetKey, d));
        }

        int removed = 0;
        for (int i = 0; i < entries.size(); i++) {
            OutboxEntry e = entries.get(i);
            Map<String, Delivery> changes = updates.get(identity(e));
            if (changes != null) {
                Map<String, Delivery> merged = new HashMap<>(e.deliveries());
                merged.putAll(changes);
                e = e.withDeliveries(merged);
            }
            if (e.finished()) {
                outbox.remove(e);
                removed++;
            } else if (!e.equals(read.get(i))) {
                outbox.update(e);
            }
        }
        return new RunReport(
                read.size(), counters.sent, counters.delivered, counters.failed, counters.deadLettered, removed);
    }

    /** Gives a new entry its targets, drops targets that are gone, and dead-letters deliveries that are too old. */
    private OutboxEntry prepare(
            OutboxEntry e, Map<String, Target> targets, Instant now, List<DeadLetters.DeadLetter> letters) {
        Map<String, Delivery> d = new LinkedHashMap<>();
        if (e.deliveries() == null) {
            targets.values().stream()
                    .filter(t -> t.accepts(e.event().type()))
                    .forEach(t -> d.put(t.key(), Delivery.NEW));
        } else {
            d.putAll(e.deliveries());
        }
        for (Map.Entry<String, Delivery> x : d.entrySet()) {
            Delivery del = x.getValue();
            if (del.done()) {
                continue;
            }
            Target t = targets.get(x.getKey());
            if (t == null) {
                // The subscription was deleted (or Event Grid unconfigured): nobody to deliver to.
                x.setValue(new Delivery(del.attempts(), null, "target removed", true));
            } else if (policy.expired(e.recordedAt(), now)) {
                letters.add(new DeadLetters.DeadLetter(
                        t.key(),
                        urlOf(t),
                        e.event(),
                        del.attempts(),
                        "older than " + policy.maxAge() + " before a send succeeded; last: " + del.lastError(),
                        now));
                x.setValue(new Delivery(del.attempts(), null, del.lastError(), true));
            }
        }
        return e.withDeliveries(d);
    }

    /** A webhook: one signed POST per event, lane by lane; the first failure ends the target's run. */
    private TargetRun webhook(Target.Webhook target, List<OutboxEntry> entries) {
        TargetRun run = new TargetRun(target.key());
        Instant deadline = clock.instant().plus(policy.runBudget());
        java.net.URI url = java.net.URI.create(target.subscription().url());
        for (List<OutboxEntry> lane : lanes(entries).values()) {
            for (OutboxEntry e : lane) {
                Instant now = clock.instant();
                Delivery d = e.deliveries().get(target.key());
                if (!d.isDue(now)) {
                    break; // the lane waits behind this one
                }
                if (!now.isBefore(deadline)) {
                    return run;
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
                    run.deliveries.put(identity(e), policy.delivered(d));
                    continue;
                }
                run.failed++;
                afterFailure(run, target, e, d, r, now);
                return run; // the receiver is failing: its other lanes wait for the next run
            }
        }
        return run;
    }

    /** Event Grid: one batch of every lane's due entries, in order, up to {@link DeliveryPolicy#EVENT_GRID_BATCH}. */
    private TargetRun eventGrid(Target target, List<OutboxEntry> entries) {
        TargetRun run = new TargetRun(target.key());
        Instant deadline = clock.instant().plus(policy.runBudget());
        Map<String, List<OutboxEntry>> lanes = lanes(entries);
        while (clock.instant().isBefore(deadline)) {
            Instant now = clock.instant();
            List<OutboxEntry> batch = new ArrayList<>();
            for (List<OutboxEntry> lane : lanes.values()) {
                for (OutboxEntry e : lane) {
                    if (run.deliveries.containsKey(identity(e))) {
                        continue; // sent in this run's earlier batch
                    }
                    if (batch.size() >= DeliveryPolicy.EVENT_GRID_BATCH
                            || !e.deliveries().get(target.key()).isDue(now)) {
                        break;
                    }
                    batch.add(e);
                }
            }
            if (batch.isEmpty()) {
                return run;
            }
            JsonArray array = new JsonArray();
            batch.forEach(e -> array.add(e.event().toCloudEvent()));
            run.sent += batch.size();
            EventPosts.Result r = posts.toEventGrid(JSON.toJson(array));
            if (!r.delivered()) {
                run.failed += batch.size();
                batch.forEach(e -> afterFailure(run, target, e, e.deliveries().get(target.key()), r, now));
                return run;
            }
            run.delivered += batch.size();
            batch.forEach(e -> run.deliveries.put(
                    identity(e), policy.delivered(e.deliveries().get(target.key()))));
        }
        return run;
    }

    private void afterFailure(
            TargetRun run, Target target, OutboxEntry e, Delivery d, EventPosts.Result r, Instant now) {
        String error = r.status() == 0 ? r.error() : "HTTP " + r.status() + (r.error() == null ? "" : ": " + r.error());
        DeliveryPolicy.AfterFailure next = policy.afterFailure(d, e.recordedAt(), now, error, r.retryAfter());
        if (next instanceof DeliveryPolicy.AfterFailure.DeadLetter dl) {
            try {
                deadLetters.write(new DeadLetters.DeadLetter(
                        target.key(), urlOf(target), e.event(), dl.delivery().attempts(), dl.reason(), now));
            } catch (RuntimeException storage) {
                // Not written: the entry stays, and the next run's failure dead-letters it again.
                run.deliveries.put(identity(e), new Delivery(d.attempts(), now, error, false));
                return;
            }
            run.deadLettered++;
            run.deliveries.put(identity(e), dl.delivery());
        } else {
            run.deliveries.put(identity(e), ((DeliveryPolicy.AfterFailure.Retry) next).delivery());
        }
    }

    private static String urlOf(Target t) {
        return t instanceof Target.Webhook w ? w.subscription().url() : null;
    }

    /** Entries grouped by lane, each lane in delivery order (the outbox's order). */
    private static Map<String, List<OutboxEntry>> lanes(List<OutboxEntry> entries) {
        Map<String, List<OutboxEntry>> lanes = new LinkedHashMap<>();
        for (OutboxEntry e : entries) {
            lanes.computeIfAbsent(e.lane(), k -> new ArrayList<>()).add(e);
        }
        lanes.values().forEach(l -> l.sort(java.util.Comparator.comparing(OutboxEntry::orderKey)));
        return lanes;
    }

    private static String identity(OutboxEntry e) {
        return e.event().operationId() + "\n" + e.orderKey();
    }

    private static final class TargetRun {
        final String targetKey;
        final Map<String, Delivery> deliveries = new HashMap<>();
        int sent;
        int delivered;
        int failed;
        int deadLettered;

        TargetRun(String targetKey) {
            this.targetKey = targetKey;
        }
    }

    private static final class Counters {
        int sent;
        int delivered;
        int failed;
        int deadLettered;

        void add(TargetRun r) {
            sent += r.sent;
            delivered += r.delivered;
            failed += r.failed;
            deadLettered += r.deadLettered;
        }
    }
}
