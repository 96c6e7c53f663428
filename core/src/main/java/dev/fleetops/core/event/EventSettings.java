package dev.fleetops.core.event;

import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The events' settings (docs/rollouts.md, "Events"), read from the app settings and checked as a whole. */
public record EventSettings(DeliveryPolicy policy, WebhookUrlPolicy urls, String deadLetterContainer) {
    /** Sends to one target before it is dead-lettered (1-20, default 10). */
    public static final String MAX_ATTEMPTS = "FLEETOPS_EVENTS_MAX_ATTEMPTS";
    /** The first retry's wait in seconds, doubled for each later one up to an hour (1-3600, default 10). */
    public static final String FIRST_BACKOFF_SECONDS = "FLEETOPS_EVENTS_FIRST_BACKOFF_SECONDS";
    /** Hours after which an undelivered event is dead-lettered (1-72, default 24). */
    public static final String MAX_AGE_HOURS = "FLEETOPS_EVENTS_MAX_AGE_HOURS";
    /** Blob container of dead letters (default {@code fleetops-deadletters}). */
    public static final String DEADLETTER_CONTAINER = "FLEETOPS_EVENTS_DEADLETTER_CONTAINER";
    /** {@code true}: webhooks may be http://localhost (local use only; default false). */
    public static final String WEBHOOK_ALLOW_LOCAL = "FLEETOPS_WEBHOOK_ALLOW_LOCAL";
    /** {@code true}: webhooks may resolve to private addresses (a receiver in the same network; default false). */
    public static final String WEBHOOK_ALLOW_PRIVATE = "FLEETOPS_WEBHOOK_ALLOW_PRIVATE";

    public static final List<String> ALL = List.of(
            MAX_ATTEMPTS,
            FIRST_BACKOFF_SECONDS,
            MAX_AGE_HOURS,
            DEADLETTER_CONTAINER,
            WEBHOOK_ALLOW_LOCAL,
            WEBHOOK_ALLOW_PRIVATE);

    public static Parsed<EventSettings> from(Map<String, String> env) {
        List<FieldError> errors = new ArrayList<>();
        DeliveryPolicy d = DeliveryPolicy.DEFAULTS;
        int attempts = number(env, MAX_ATTEMPTS, d.maxAttempts(), 1, 20, errors);
        int backoff = number(env, FIRST_BACKOFF_SECONDS, (int) d.firstBackoff().toSeconds(), 1, 3600, errors);
        int hours = number(env, MAX_AGE_HOURS, (int) d.maxAge().toHours(), 1, 72, errors);
        boolean local = flag(env, WEBHOOK_ALLOW_LOCAL, errors);
        boolean priv = flag(env, WEBHOOK_ALLOW_PRIVATE, errors);
        String container = env.getOrDefault(DEADLETTER_CONTAINER, "");
        container = container == null || container.isBlank() ? "fleetops-deadletters" : container.trim();
        if (!container.matches("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
            errors.add(new FieldError(DEADLETTER_CONTAINER, "is not a Blob container name"));
        }
        if (!errors.isEmpty()) {
            return new Parsed.Invalid<>(errors);
        }
        return new Parsed.Valid<>(new EventSettings(
                new DeliveryPolicy(
                        Duration.ofSeconds(backoff),
                        Duration.ofHours(1).compareTo(Duration.ofSeconds(backoff)) < 0
                                ? Duration.ofSeconds(backoff)
                                : Duration.ofHours(1),
                        attempts,
                        Duration.ofHours(hours),
                        d.maxEntriesPerRun(),
                        d.runBudget()),
                new WebhookUrlPolicy(local, priv),
                container));
    }

    private static int number(
            Map<String, String> env, String name, int dflt, int min, int max, List<FieldError> errors) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return dflt;
    }

    private static boolean flag(Map<String, String> env, String name, List<FieldError> errors) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank() || raw.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.trim().equalsIgnoreCase("true")) {
            return true;
        }
        errors.add(new FieldError(name, "must be true or false"));
        return false;
    }
}
