package dev.fleetops.core.rollout;

import java.util.Set;

/**
 * What the ticker read for a soaking wave before the engine decides: which succeeded devices regressed outside their
 * update report, and the gates' answers at the end of the soak. {@link #NONE} when nothing is soaking.
 *
 * @param offline       devices disconnected for longer than {@link WaveGates#offlineMax()}
 * @param unhealthy     devices whose health property reads {@value #FAILED_HEALTH}: the device's own check failed
 * @param healthy       how many devices report the health gate's value, or null when it was not read
 * @param external      the external gate's answer, or null when it was not asked
 */
public record WaveChecks(Set<String> offline, Set<String> unhealthy, Long healthy, GateVerdict external) {
    /** The agent's word for a failed health check ({@code reported.health.status}). */
    public static final String FAILED_HEALTH = dev.fleetops.contract.HealthReport.FAILED;

    public static final WaveChecks NONE = new WaveChecks(Set.of(), Set.of(), null, null);

    public WaveChecks {
        offline = Set.copyOf(offline == null ? Set.of() : offline);
        unhealthy = Set.copyOf(unhealthy == null ? Set.of() : unhealthy);
    }
}
