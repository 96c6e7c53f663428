package dev.fleetops.localhub.query.eval;

import dev.fleetops.localhub.query.ast.Expr;
import java.util.function.Function;

/** {@code + - * / %} on numbers, left to right. Non-numbers, division by zero and overflow give undefined. */
final class Arithmetic {
    private Arithmetic() {}

    static <T> T apply(JsonView<T> json, Expr.Arithmetic chain, Function<Expr, T> evaluate) {
        Double acc = numberOf(json, evaluate.apply(chain.first()));
        for (Expr.Step step : chain.rest()) {
            Double operand = numberOf(json, evaluate.apply(step.operand()));
            if (acc == null || operand == null) {
                return null;
            }
            acc = switch (step.op()) {
                case ADD -> acc + operand;
                case SUBTRACT -> acc - operand;
                case MULTIPLY -> acc * operand;
                case DIVIDE -> operand == 0 ? null : acc / operand;
                case MODULO -> operand == 0 ? null : acc % operand;
            };
        }
        return acc == null ? null : number(json, acc);
    }

    /** A JSON number, or undefined for NaN and infinities, which JSON cannot carry. */
    static <T> T number(JsonView<T> json, double value) {
        return Double.isFinite(value) ? json.number(value) : null;
    }

    private static <T> Double numberOf(JsonView<T> json, T value) {
        if (value == null || json.kind(value) != JsonKind.NUMBER) {
            return null;
        }
        double d = json.asNumber(value);
        return Double.isNaN(d) ? null : d;
    }
}
