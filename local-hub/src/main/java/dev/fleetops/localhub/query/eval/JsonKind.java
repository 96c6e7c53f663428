package dev.fleetops.localhub.query.eval;

/** The six JSON types. "Undefined" (missing) is not a kind; the evaluator represents it as {@code null}. */
public enum JsonKind {
    NULL,
    BOOLEAN,
    NUMBER,
    STRING,
    OBJECT,
    ARRAY;

    public boolean isPrimitive() {
        return this != OBJECT && this != ARRAY;
    }
}
