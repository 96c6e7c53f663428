package dev.fleetops.core.rollout;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a wave must show before the next one opens, beyond its success threshold: a soak period during which devices
 * that regress count against it, then optional gates checked when the soak is over. {@link #NONE} is the behaviour
 * before soaks existed: the next wave opens as soon as the threshold is met.
 *
 * @param soak        how long a wave is watched after it met its threshold; zero for no soak
 * @param offlineMax  a succeeded device of the soaking wave that stays disconnected longer than this has regressed;
 *                    null: going offline is not a regression
 * @param health      the share of devices that must report a healthy value in their twin at the end of the soak, or
 *                    null
 * @param external    an HTTPS endpoint asked pass, fail or wait at the end of the soak, or null
 * @param gateTimeout how long after the soak the gates may keep answering "wait" before the operation pauses for an
 *                    operator
 */
public record WaveGates(
        Duration soak, Duration offlineMax, HealthGate health, ExternalGate external, Duration gateTimeout) {
    public static final Duration MAX_SOAK = Duration.ofDays(7);
    public static final Duration DEFAULT_GATE_TIMEOUT = Duration.ofHours(1);
    public static final WaveGates NONE = new WaveGates(Duration.ZERO, null, null, null, DEFAULT_GATE_TIMEOUT);

    public WaveGates {
        if (soak == null || soak.isNegative() || soak.compareTo(MAX_SOAK) > 0) {
            throw new IllegalArgumentException("'soak' must be between 0 and 7 days.");
        }
        if (offlineMax != null && (offlineMax.isNegative() || offlineMax.isZero())) {
            throw new IllegalArgumentException("'offlineMax' must be positive.");
        }
        if (gateTimeout == null || gateTimeout.isNegative() || gateTimeout.isZero()) {
            throw new IllegalArgumentException("'gateTimeout' must be positive.");
        }
    }

    /** Whether waves open as they always did: no soak and no gate. */
    public boolean none() {
        return soak.isZero() && health == null && external == null;
    }

    /**
     * A share of the wave's succeeded devices whose reported {@code property} equals {@code value}. The path and the
     * value go into a twin query, so both are limited to characters that cannot change the query.
     *
     * @param property   a path under {@code properties.reported}, e.g. {@code health.status}
     * @param minPercent the share needed, in (0, 100]
     */
    public record HealthGate(String property, String value, double minPercent) {
        private static final Pattern PATH =
                Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}(\\.[A-Za-z][A-Za-z0-9_]{0,63}){0,4}");
        private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

        /** Whether {@code path} is a dotted path a twin query may name: it cannot change the query around it. */
        public static boolean isQueryPath(String path) {
            return path != null && PATH.matcher(path).matches();
        }

        public HealthGate {
            if (!isQueryPath(property)) {
                throw new IllegalArgumentException(
                        "'property' must be a dotted path of at most 5 names (letters, digits, _).");
            }
            if (value == null || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("'value' must be 1-64 letters, digits or _.:-");
            }
            if (!(minPercent > 0 && minPercent <= 100)) {
                throw new IllegalArgumentException("'minPercent' must be in (0, 100].");
            }
        }
    }

    /**
     * An endpoint FleetOps POSTs the wave's numbers to; it answers {@code pass}, {@code fail} or {@code wait}. No answer,
     * an error or anything unreadable means wait: a gate that cannot be asked never opens a wave.
     *
     * @param secret a Standard Webhooks secret ({@code whsec_…}) the requests are signed with, so the gate can tell
     *               FleetOps from anyone else; null to send them unsigned
     */
    public record ExternalGate(String url, Duration timeout, String secret) {
        public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

        public ExternalGate {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("'url' is required.");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("'timeout' must be between 1 and 30 seconds.");
            }
        }

        /** An unsigned gate. */
        public ExternalGate(String url, Duration timeout) {
            this(url, timeout, null);
        }

        /** Without the secret, and without the URL's query (it may hold the gate's own key): safe for logs. */
        @Override
        public String toString() {
            int q = url.indexOf('?');
            return "ExternalGate[url=" + (q < 0 ? url : url.substring(0, q) + "?…") + ", timeout=" + timeout
                    + ", signed=" + (secret != null) + "]";
        }
    }
}
