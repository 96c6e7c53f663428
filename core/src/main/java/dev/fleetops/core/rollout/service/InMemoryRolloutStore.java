package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RolloutStore} in memory, for unit tests and local experiments. Thread-safe: every method
 * holds one lock, so {@link #create} is atomic with respect to the idempotency key and {@link #save}
 * checks the etag and applies its changes in one step (a stale save changes nothing).
 *
 * <p>Semantics shared with the Table Storage store (a contract test runs against both):
 * <ul>
 * <li>{@code create} with a key seen before answers {@code Existing} when the request hash matches,
 * {@code KeyConflict} otherwise; a null key never conflicts; a key claimed {@link RolloutStore#IDEMPOTENCY_TTL}
 * or longer ago counts as unused; an operation id that exists already is an {@link IllegalStateException}.</li>
 * <li>Every successful {@code save} returns a new etag; a stale etag throws
 * {@link ConcurrentUpdateException}; a null etag or an unknown operation is an
 * {@link IllegalArgumentException}.</li>
 * <li>{@code executions(id)} is ordered by device id; pages are ordered by device id too (the
 * Table store orders pages by shard, then device id: callers may rely on "every row exactly once",
 * not on the order across pages). Continuation tokens are opaque; a token this store did not issue is
 * an {@link IllegalArgumentException}. A page may be followed by an empty last page.</li>
 * <li>{@code auditTrail} is ordered by {@link AuditEvent#at()}, events with the same instant in the
 * order they were appended.</li>
 * <li>{@code list(max)} is newest first by {@code createdAt}.</li>
 * </ul>
 */
public final class InMemoryRolloutStore implements RolloutStore {
    private static final String TOKEN_PREFIX = "mem1:";

    private record Claim(String operationId, String requestHash, java.time.Instant claimedAt) {}

    private final java.time.Clock clock;

    public InMemoryRolloutStore() {
        this(java.time.Clock.systemUTC());
    }

    /** @param clock when idempotency keys were claimed, and when they expire */
    public InMemoryRolloutStore(java.time.Clock clock) {
        this(clock, DecisionRecorder.NONE);
    }

    /** @param recorder told what each save stores, after its etag check and before anything is written */
    public InMemoryRolloutStore(java.time.Clock clock, DecisionRecorder recorder) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    private final DecisionRecorder recorder;

    private final Object lock = new Object();
    private final Map<String, StoredRollout> operations = new LinkedHashMap<>();
    private final Map<String, TreeMap<String, DeviceExecution>> executions = new HashMap<>();
    private final Map<String, List<AuditEvent>> audits = new HashMap<>();
    private final Map<String, Map<String, DispatchAnswer>> answers = new HashMap<>();
    private final Map<String, Claim> keys = new HashMap<>();
    private final AtomicLong versions = new AtomicLong();

    @Override
    public CreateResult create(
            StoredRollout rollout, List<DeviceExecution> executionList, String idempotencyKey, String requestHash) {
        Objects.requireNonNull(rollout, "rollout");
        String id = rollout.rollout().id();
        synchronized (lock) {
            if (idempotencyKey != null) {
                Claim claim = keys.get(idempotencyKey);
                if (claim != null && !claim.claimedAt().plus(IDEMPOTENCY_TTL).isAfter(clock.instant())) {
                    claim = null; // expired: the key is free again
                }
                if (claim != null) {
                    if (Objects.equals(claim.requestHash(), requestHash)) {
                        return new CreateResult.Existing(operations.get(claim.operationId()));
                    }
                    return new CreateResult.KeyConflict(claim.operationId());
                }
            }
            if (operations.containsKey(id)) {
                throw new IllegalStateException("operation " + id + " exists already");
            }
            TreeMap<String, DeviceExecution> byDevice = new TreeMap<>();
            for (DeviceExecution e : executionList) {
                byDevice.put(e.deviceId(), e);
            }
            StoredRollout stored = rollout.withEtag(nextEtag());
            operations.put(id, stored);
            executions.put(id, byDevice);
            if (idempotencyKey != null) {
                keys.put(idempotencyKey, new Claim(id, requestHash, clock.instant()));
            }
            return new CreateResult.Created(stored);
        }
    }

    @Override
    public Optional<StoredRollout> get(String id) {
        synchronized (lock) {
            return Optional.ofNullable(operations.get(id));
        }
    }

    @Override
    public List<StoredRollout> list(int max, java.util.function.Predicate<StoredRollout> keep) {
        synchronized (lock) {
            return operations.values().stream()
                    .filter(keep)
                    .sorted(Comparator.comparing(
                                    (StoredRollout r) -> r.rollout().createdAt())
                            .thenComparing(r -> r.rollout().id())
                            .reversed())
                    .limit(Math.max(0, max))
                    .toList();
        }
    }

    @Override
    public List<StoredRollout> active() {
        synchronized (lock) {
            return operations.values().stream()
                    .filter(StoredRollout::needsTicks)
                    .toList();
        }
    }

    @Override
    public List<DeviceExecution> executions(String id) {
        synchronized (lock) {
            TreeMap<String, DeviceExecution> byDevice = executions.get(id);
            return byDevice == null ? List.of() : List.copyOf(byDevice.values());
        }
    }

    @Override
    public Page<DeviceExecution> executions(String id, ExecutionState state, String continuationToken, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("'pageSize' must be at least 1.");
        }
        String after = continuationToken == null ? null : decodeToken(continuationToken);
        synchronized (lock) {
            TreeMap<String, DeviceExecution> byDevice = executions.get(id);
            if (byDevice == null) {
                return new Page<>(List.of(), null);
            }
            Map<String, DeviceExecution> rest = after == null ? byDevice : byDevice.tailMap(after, false);
            List<DeviceExecution> items = new ArrayList<>();
            String last = null;
            boolean more = false;
            for (DeviceExecution e : rest.values()) {
                if (state != null && e.state() != state) {
                    continue;
                }
                if (items.size() == pageSize) {
                    more = true;
                    break;
                }
                items.add(e);
                last = e.deviceId();
            }
            return new Page<>(items, more ? encodeToken(last) : null);
        }
    }

    @Override
    public StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed) {
        Objects.requireNonNull(rollout, "rollout");
        String id = rollout.rollout().id();
        if (rollout.etag() == null) {
            throw new IllegalArgumentException("'etag' is required to save operation " + id);
        }
        synchronized (lock) {
            StoredRollout current = operations.get(id);
            if (current == null) {
                throw new IllegalArgumentException("'id' is unknown: " + id);
            }
            if (!current.etag().equals(rollout.etag())) {
                throw new ConcurrentUpdateException("operation " + id + " changed since it was read");
            }
            TreeMap<String, DeviceExecution> byDevice = executions.get(id);
            for (DeviceExecution e : changed) {
                byDevice.put(e.deviceId(), e);
            }
            StoredRollout saved = rollout.withEtag(nextEtag());
            operations.put(id, saved);
            return saved;
        }
    }

    /** Atomic here: the lines and the save happen together or not at all. */
    @Override
    public StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed, List<AuditEvent> trail) {
        return save(rollout, null, changed, trail);
    }

    @Override
    public StoredRollout save(
            StoredRollout rollout,
            Map<String, DeviceExecution> before,
            List<DeviceExecution> changed,
            List<AuditEvent> trail) {
        synchronized (lock) {
            StoredRollout current = operations.get(rollout.rollout().id());
            if (current != null && rollout.etag() != null && current.etag().equals(rollout.etag())) {
                recorder.record(rollout.rollout().id(), rollout, before, changed, trail);
            }
            StoredRollout saved = save(rollout, changed);
            trail.forEach(e -> append(rollout.rollout().id(), e));
            return saved;
        }
    }

    @Override
    public void audit(String id, AuditEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (lock) {
            recorder.record(id, null, Map.of(), List.of(), List.of(event));
            append(id, event);
        }
    }

    private void append(String id, AuditEvent event) {
        audits.computeIfAbsent(id, k -> new ArrayList<>()).add(event);
    }

    @Override
    public List<AuditEvent> auditTrail(String id) {
        synchronized (lock) {
            List<AuditEvent> events = new ArrayList<>(audits.getOrDefault(id, List.of()));
            events.sort(Comparator.comparing(AuditEvent::at)); // stable: ties keep their append order
            return List.copyOf(events);
        }
    }

    private String nextEtag() {
        return "\"mem-" + versions.incrementAndGet() + "\"";
    }

    private static String encodeToken(String lastDeviceId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((TOKEN_PREFIX + lastDeviceId).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith(TOKEN_PREFIX)) {
                return s.substring(TOKEN_PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new IllegalArgumentException("'continuationToken' is invalid.");
    }

    @Override
    public void appendAnswers(String id, List<DispatchAnswer> add) {
        synchronized (lock) {
            Map<String, DispatchAnswer> kept = answers.computeIfAbsent(id, k -> new LinkedHashMap<>());
            add.forEach(a -> kept.put(answerKey(a), a));
        }
    }

    @Override
    public List<DispatchAnswer> answers(String id, int limit) {
        synchronized (lock) {
            return answers.getOrDefault(id, Map.of()).values().stream()
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public void removeAnswers(String id, List<DispatchAnswer> taken) {
        synchronized (lock) {
            Map<String, DispatchAnswer> kept = answers.get(id);
            if (kept != null) {
                taken.forEach(a -> kept.remove(answerKey(a), a));
            }
        }
    }

    private static String answerKey(DispatchAnswer a) {
        return a.deviceId() + "|" + a.intent().attempt();
    }
}
