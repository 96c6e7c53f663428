package dev.fleetops.core.event;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Port: the two HTTP calls delivery makes, each with a bounded timeout, never following redirects. The adapter adds
 * Event Grid's bearer token, and checks a webhook's address again when it sends (an address that now resolves to a
 * private or metadata address is refused without a request).
 */
public interface EventPosts {
    /** Whether an Event Grid topic is configured. */
    boolean eventGridConfigured();

    /** POSTs a CloudEvents batch ({@code application/cloudevents-batch+json}) to the topic. */
    Result toEventGrid(String cloudEventsBatch);

    /** POSTs one signed event to a webhook. */
    Result toWebhook(URI url, Map<String, String> headers, String body);

    /**
     * What a POST got: {@code status} is the HTTP status, or 0 when there was no answer (timeout, refused
     * connection, address refused).
     *
     * @param retryAfter the answer's Retry-After, or null
     */
    record Result(int status, String error, Duration retryAfter) {
        public static Result ok(int status) {
            return new Result(status, null, null);
        }

        public static Result failed(int status, String error) {
            return new Result(status, error, null);
        }

        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }
}
