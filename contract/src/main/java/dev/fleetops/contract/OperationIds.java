package dev.fleetops.contract;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Operation ids tie a request to the progress a device reports for it. They travel in method payloads,
 * reported properties and URLs, so the alphabet is kept URL- and query-safe.
 */
public final class OperationIds {
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ATTEMPT = Pattern.compile(".+\\.a[0-9]+");

    private OperationIds() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Whether {@code id} has the form of a fleet operation's attempt id ({@code <operation>.a<n>}). Those
     * ids are the rollout's: a single-device request that carried one could answer for the rollout.
     */
    public static boolean isAttemptForm(String id) {
        return id != null && ATTEMPT.matcher(id).matches();
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Checks {@code id} and adds an error for {@code field} if it is present but malformed. */
    static void check(String field, String id, JsonFields fields) {
        if (id != null && !isValid(id)) {
            fields.error(
                    field,
                    "must be 1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
