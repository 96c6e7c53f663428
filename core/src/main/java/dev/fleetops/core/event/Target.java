package dev.fleetops.core.event;

/** Where events go: the Event Grid topic, or one webhook subscription. */
public sealed interface Target {
    /** The key a target's {@link Delivery} is stored under, and its dead letters' folder. */
    String key();

    boolean accepts(EventType type);

    /**
     * Whether an event recorded at {@code recordedAt} is this target's: a webhook takes the events recorded from a
     * minute before its subscription was created (clocks of instances differ a little), not the history before it.
     */
    default boolean takesRecordedAt(java.time.Instant recordedAt) {
        return true;
    }

    record EventGrid() implements Target {
        public String key() {
            return "eventgrid";
        }

        public boolean accepts(EventType type) {
            return true;
        }
    }

    record Webhook(Subscription subscription) implements Target {
        public String key() {
            return "webhook-" + subscription.id();
        }

        public boolean accepts(EventType type) {
            return subscription.accepts(type);
        }

        @Override
        public boolean takesRecordedAt(java.time.Instant recordedAt) {
            return subscription.createdAt() == null
                    || !recordedAt.isBefore(subscription.createdAt().minus(java.time.Duration.ofMinutes(1)));
        }
    }
}
