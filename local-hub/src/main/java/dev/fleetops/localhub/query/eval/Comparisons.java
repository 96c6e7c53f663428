package dev.fleetops.localhub.query.eval;

import dev.fleetops.localhub.query.ast.ComparisonOp;

/**
 * Comparison of two values. Only primitives of the same type compare (IoT Hub does not coerce): numbers
 * numerically, strings ordinally (UTF-16 code units), booleans and nulls by equality only. Everything
 * else, including undefined and NaN, gives {@code null} (undefined).
 */
final class Comparisons {
    private Comparisons() {}

    static <T> Boolean compare(JsonView<T> json, ComparisonOp op, T left, T right) {
        if (left == null || right == null) {
            return null;
        }
        JsonKind kind = json.kind(left);
        if (kind != json.kind(right)) {
            return null;
        }
        return switch (kind) {
            case NUMBER -> {
                double a = json.asNumber(left);
                double b = json.asNumber(right);
                yield Double.isNaN(a) || Double.isNaN(b) ? null : ordered(op, Double.compare(a + 0.0, b + 0.0));
            }
            case STRING -> ordered(op, json.asString(left).compareTo(json.asString(right)));
            case BOOLEAN -> equality(op, json.asBoolean(left) == json.asBoolean(right));
            case NULL -> equality(op, true);
            case OBJECT, ARRAY -> null;
        };
    }

    private static Boolean ordered(ComparisonOp op, int c) {
        return switch (op) {
            case EQUAL -> c == 0;
            case NOT_EQUAL -> c != 0;
            case LESS -> c < 0;
            case LESS_OR_EQUAL -> c <= 0;
            case GREATER -> c > 0;
            case GREATER_OR_EQUAL -> c >= 0;
        };
    }

    private static Boolean equality(ComparisonOp op, boolean equal) {
        return switch (op) {
            case EQUAL -> equal;
            case NOT_EQUAL -> !equal;
            default -> null;
        };
    }
}
