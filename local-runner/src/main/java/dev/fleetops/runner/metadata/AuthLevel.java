package dev.fleetops.runner.metadata;

import java.util.Locale;

/** The {@code authLevel} of an HTTP trigger; a missing value means {@link #FUNCTION}, as in the host. */
public enum AuthLevel {
    /** No key needed. */
    ANONYMOUS,
    /** The function key (or the master key). */
    FUNCTION,
    /** The master key only. */
    ADMIN;

    /**
     * Reads a function.json value.
     *
     * @throws IllegalArgumentException when the value is not one of the three levels
     */
    public static AuthLevel parse(String value) {
        if (value == null || value.isBlank()) {
            return FUNCTION;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'authLevel' must be anonymous, function or admin, was '" + value + "'", e);
        }
    }
}
