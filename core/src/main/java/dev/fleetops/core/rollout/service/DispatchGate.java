package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.RolloutState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Asked before each call of a tick's dispatch: may it still go out? Not once the tick's time is up (the budget is
 * time, not only a number of calls: slow devices must not push a tick into the next), and not once an operator
 * paused or canceled the operation while the calls were going out. The operation is re-read at most once per
 * {@link #RECHECK}, whatever the number of calls, so a pause takes effect within about a second and costs one
 * storage read per second of dispatch. A read that fails lets the dispatch go on (the etag-checked save decides).
 */
final class DispatchGate {
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final RolloutStore store;
    private final String id;
    private final String etag;
    private final Clock clock;
    private final Instant deadline;
    private Instant nextCheck;
    private volatile String stopped;

    DispatchGate(RolloutStore store, StoredRollout saved, Clock clock, Instant deadline) {
        this.store = store;
        this.id = saved.rollout().id();
        this.etag = saved.etag();
        this.clock = clock;
        this.deadline = deadline;
        this.nextCheck = clock.instant().plus(RECHECK);
    }

    /** Why no more calls go out, or empty while they may. */
    Optional<String> stopReason() {
        if (stopped != null) {
            return Optional.of(stopped);
        }
        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
            stopped = "the tick's time was up";
            return Optional.of(stopped);
        }
        synchronized (this) {
            if (stopped == null && !now.isBefore(nextCheck)) {
                nextCheck = now.plus(RECHECK);
                stopped = operatorStop().orElse(null);
            }
        }
        return Optional.ofNullable(stopped);
    }

    private Optional<String> operatorStop() {
        try {
            Optional<StoredRollout> now = store.get(id);
            if (now.isEmpty() || now.get().etag() == null || now.get().etag().equals(etag)) {
                return Optional.empty();
            }
            RolloutState state = now.get().rollout().state();
            return state == RolloutState.RUNNING
                    ? Optional.empty()
                    : Optional.of("the operation is " + state.wireName());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
