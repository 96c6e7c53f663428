package dev.fleetops.localhub.query.ast;

/** {@code <>} parses to {@link #NOT_EQUAL} too; it prints as {@code !=}. */
public enum ComparisonOp {
    EQUAL("="),
    NOT_EQUAL("!="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    ComparisonOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
