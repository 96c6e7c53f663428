package dev.fleetops.core.rollout.service;

import dev.fleetops.contract.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A structured device filter that FleetOps turns into an IoT Hub query itself, so no caller text is
 * ever spliced into query syntax: property paths must match a strict pattern and values are typed
 * literals that cannot contain quotes or backslashes.
 *
 * @param conditions path (relative to {@code tags.} or {@code properties.reported.}) → accepted values (OR)
 */
public record TargetFilter(Map<String, List<Object>> tags, Map<String, List<Object>> reported) {
    public static final int MAX_CONDITIONS = 10;
    public static final int MAX_VALUES = 50;
    /** IoT Hub's limit on a query's length (IoT Hub quotas: "Maximum size of a query: 8 KB"). */
    public static final int MAX_QUERY_LENGTH = 8_192;

    private static final Pattern PATH =
            Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}(\\.[A-Za-z][A-Za-z0-9_]{0,63}){0,7}");
    /**
     * Printable ASCII without quotes or backslashes: the service SDK refuses a query that is not pure ASCII before
     * sending it (iot-service-client, {@code ParserUtility.validateQuery}), so a wider value could never match.
     */
    private static final Pattern SAFE_STRING = Pattern.compile("[\\x20-\\x7E&&[^'\"\\\\]]{0,256}");

    public TargetFilter {
        tags = Map.copyOf(tags);
        reported = Map.copyOf(reported);
    }

    /** Validation errors, named under {@code target.filter} (where fleet operations carry the filter). */
    public List<FieldError> problems() {
        return problems("target.filter");
    }

    /** Validation errors, named under {@code field}, the JSON path the filter was read from. */
    public List<FieldError> problems(String field) {
        List<FieldError> errors = new ArrayList<>();
        if (tags.isEmpty() && reported.isEmpty()) {
            errors.add(new FieldError(field, "needs at least one condition on tags or reported"));
        }
        if (tags.size() + reported.size() > MAX_CONDITIONS) {
            errors.add(new FieldError(field, "at most " + MAX_CONDITIONS + " conditions"));
        }
        check(field, "tags", tags, errors);
        check(field, "reported", reported, errors);
        if (errors.isEmpty() && query().length() > MAX_QUERY_LENGTH) {
            errors.add(new FieldError(
                    field,
                    "makes a query of " + query().length() + " characters; IoT Hub accepts at most "
                            + MAX_QUERY_LENGTH));
        }
        return errors;
    }

    private static void check(
            String filter, String section, Map<String, List<Object>> conditions, List<FieldError> errors) {
        conditions.forEach((path, values) -> {
            String field = filter + "." + section + "." + path;
            if (!PATH.matcher(path).matches()) {
                errors.add(new FieldError(
                        filter + "." + section,
                        "'" + shorten(path) + "' is not a property path (letters, digits, '_', '.')"));
            }
            if (values.isEmpty() || values.size() > MAX_VALUES) {
                errors.add(new FieldError(field, "needs 1 to " + MAX_VALUES + " values"));
            }
            for (Object v : values) {
                if (!(v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double)) {
                    errors.add(new FieldError(field, "values must be strings, numbers or booleans"));
                } else if (v instanceof String s && !SAFE_STRING.matcher(s).matches()) {
                    errors.add(new FieldError(
                            field, "string values must be printable ASCII without quotes or backslashes"));
                } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    errors.add(new FieldError(field, "numbers must be finite"));
                }
            }
        });
    }

    /** The IoT Hub query selecting the matching devices; call only after {@link #problems()} is empty. */
    public String toQuery() {
        if (!problems().isEmpty()) {
            throw new IllegalStateException("'filter' is invalid: " + problems());
        }
        return query();
    }

    /** The same devices counted: one row {@code {"n": count}}. */
    public String toCountQuery() {
        return "SELECT COUNT() AS n FROM devices WHERE " + whereClause();
    }

    /**
     * The filter's condition as an IoT Hub {@code WHERE} clause (without the keyword), for queries that select other
     * columns; call only after {@link #problems()} is empty.
     */
    public String whereClause() {
        if (!problems().isEmpty()) {
            throw new IllegalStateException("'filter' is invalid: " + problems());
        }
        return conditions();
    }

    private String query() {
        return "SELECT deviceId FROM devices WHERE " + conditions();
    }

    private String conditions() {
        List<String> clauses = new ArrayList<>();
        tags.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> clauses.add(clause("tags." + e.getKey(), e.getValue())));
        reported.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> clauses.add(clause("properties.reported." + e.getKey(), e.getValue())));
        return String.join(" AND ", clauses);
    }

    private static String clause(String path, List<Object> values) {
        if (values.size() == 1) {
            return path + " = " + literal(values.get(0));
        }
        List<String> literals = new ArrayList<>();
        values.forEach(v -> literals.add(literal(v)));
        return path + " IN [" + String.join(", ", literals) + "]";
    }

    private static String literal(Object v) {
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
