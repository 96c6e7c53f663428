package dev.fleetops.core.rollout;

import java.time.Instant;

/**
 * The open wave is being watched: it met its success threshold at {@code since}, and the next wave opens once the
 * soak passed with the share still met and the gates passed ({@link WaveGates}).
 *
 * @param waiting what the wave waits for now, in words for the operator ({@code soaking until …}, {@code health
 *                gate: 40.0% of 5 devices report health.status=ok, 90.0% needed}, {@code external gate: wait}); null
 *                before the first check
 */
public record Soak(int wave, Instant since, String waiting) {
    public Soak {
        if (wave < 0 || since == null) {
            throw new IllegalArgumentException("'wave' and 'since' are required.");
        }
        if (waiting != null && waiting.length() > 300) {
            waiting = waiting.substring(0, 300) + "…";
        }
    }

    public Instant endsAt(WaveGates gates) {
        return since.plus(gates.soak());
    }

    Soak waitingFor(String why) {
        return new Soak(wave, since, why);
    }
}
