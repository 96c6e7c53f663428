package dev.fleetops.localhub.query.eval;

/**
 * The evaluator's port onto a JSON library, in the manner of jmespath's {@code Adapter}: read a value's kind
 * and contents, and build result values and rows. Values are never Java {@code null}; the evaluator uses
 * {@code null} for "undefined". Implementations must not throw on any input: documents come from devices.
 *
 * @param <T> the library's JSON value type
 */
public interface JsonView<T> {

    JsonKind kind(T value);

    boolean asBoolean(T value);

    /** The number's value, or NaN when the library holds something unreadable. */
    double asNumber(T value);

    String asString(T value);

    /** The member named exactly {@code key}, or {@code null} when absent or {@code object} is not an object. */
    T member(T object, String key);

    /** Member names of an object in document order; empty for anything else. */
    Iterable<String> keys(T object);

    T string(String value);

    /** A number; integral values come out without a fraction ({@code 3}, not {@code 3.0}). */
    T number(double value);

    T bool(boolean value);

    T nullValue();

    T newObject();

    void put(T object, String key, T value);

    /**
     * A key with value semantics for grouping: equal JSON values give equal keys, and numbers compare by value.
     * Must stay cheap and safe on arbitrarily deep values.
     */
    Object groupKey(T value);
}
