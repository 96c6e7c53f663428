package dev.fleetops.core.event;

/** Where events go: the Event Grid topic, or one webhook subscription. */
public sealed interface Target {
    /** The key a target's {@link Delivery} is stored under, and its dead letters' folder. */
    String key();

    boolean accepts(EventType type);

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
    }
}
