package dev.fleetops.functions.storage;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.HttpClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Time limits for Table and Blob storage, and how a storage failure is told from a bug. Without limits the Azure
 * SDK waits for a stalled account as long as the socket lives: a stalled Table service held an HTTP request for
 * 101 s and blocked the timer. With them a request answers within about {@code 3 × timeout} (one try and two
 * retries with short backoff), well below the Functions host's 230 s, and says 503 with Retry-After.
 */
public final class StorageClients {
    /** Seconds one storage request may take (connect, response, each read or write of the body): 1 to 30. */
    public static final String TIMEOUT_SETTING = "FLEETOPS_STORAGE_TIMEOUT_SECONDS";

    static final int DEFAULT_TIMEOUT_SECONDS = 5;
    static final int RETRIES = 2;

    private StorageClients() {}

    /** The per-request timeout from {@link #TIMEOUT_SETTING}; an unreadable or out-of-range value is a settings error. */
    public static Duration timeout(Map<String, String> env) {
        String raw = env.get(TIMEOUT_SETTING);
        if (raw == null || raw.isBlank()) {
            return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        }
        try {
            int s = Integer.parseInt(raw.trim());
            if (s >= 1 && s <= 30) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new dev.fleetops.functions.settings.SettingsException(
                TIMEOUT_SETTING + " must be a whole number of seconds from 1 to 30");
    }

    public static HttpClientOptions httpOptions(Duration timeout) {
        return new HttpClientOptions()
                .setConnectTimeout(timeout)
                .setResponseTimeout(timeout)
                .setReadTimeout(timeout)
                .setWriteTimeout(timeout);
    }

    public static RetryOptions retries() {
        return new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(RETRIES)
                .setBaseDelay(Duration.ofMillis(200))
                .setMaxDelay(Duration.ofSeconds(1)));
    }

    /**
     * Whether {@code t} says storage could not serve the request (5xx, 408, 429, a timeout, a broken connection),
     * as opposed to refusing it (4xx: a FleetOps bug to look at). The former is worth a retry: 503.
     */
    public static boolean unavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpResponseException h && h.getResponse() != null) {
                int status = h.getResponse().getStatusCode();
                return status >= 500 || status == 408 || status == 429;
            }
            if (c instanceof TimeoutException || c instanceof IOException || c instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
