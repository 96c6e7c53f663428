package dev.fleetops.contract;

import java.util.Objects;

/** One invalid input field: its JSON path (e.g. {@code sha256}) and what is wrong with it. */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "'field' cannot be null.");
        Objects.requireNonNull(message, "'message' cannot be null.");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
