package dev.fleetops.core.rollout;

import java.time.Duration;

/**
 * Retries of failed or timed-out devices ({@code maxRetries} per device, exponential backoff), and
 * how long to wait before trying an offline device again (offline devices are retried until the
 * operation's deadline without using up retries).
 */
public record RetryPolicy(int maxRetries, FailureType retryOn, Duration backoffBase, Duration backoffMax) {
    public RetryPolicy {
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("'maxRetries' must be between 0 and 10.");
        }
        if (retryOn == null || retryOn == FailureType.REJECTED) {
            throw new IllegalArgumentException("'retryOn' must be FAILED, TIMED_OUT or ALL (a rejection is final).");
        }
        if (backoffBase.isNegative() || backoffBase.isZero() || backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("'backoff' must be positive with max >= base.");
        }
    }

    public static RetryPolicy none() {
        return new RetryPolicy(0, FailureType.ALL, Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    /** Whether a device that ended in {@code outcome} after {@code attempt} attempts gets another one. */
    public boolean retries(ExecutionState outcome, int attempt) {
        return outcome != ExecutionState.REJECTED && retryOn.matches(outcome) && attempt <= maxRetries;
    }

    /** Delay before attempt {@code attempt + 1}: base × 2^(attempt-1), capped. */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(20, Math.max(0, attempt - 1));
        Duration d = backoffBase.multipliedBy(factor);
        return d.compareTo(backoffMax) > 0 ? backoffMax : d;
    }
}
