package dev.fleetops.contract;

import java.util.List;

/**
 * The outcome of parsing an untrusted payload: either a valid value or the list of field errors.
 *
 * @param <T> the parsed type
 */
public sealed interface Parsed<T> {

    record Valid<T>(T value) implements Parsed<T> {}

    record Invalid<T>(List<FieldError> errors) implements Parsed<T> {
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("'errors' cannot be empty.");
            }
        }

        /** All errors joined into one line, for logs and device responses. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            for (FieldError e : errors) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(e);
            }
            return sb.toString();
        }
    }

    static <T> Parsed<T> of(T value, List<FieldError> errors) {
        return errors.isEmpty() ? new Valid<>(value) : new Invalid<>(errors);
    }
}
