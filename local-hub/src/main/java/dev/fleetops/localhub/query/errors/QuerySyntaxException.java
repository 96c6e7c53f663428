package dev.fleetops.localhub.query.errors;

/**
 * A query that cannot be run: bad syntax, a construct IoT Hub does not support, or a limit exceeded.
 * The REST layer answers it with 400. {@link #position()} is the 0-based character offset in the query
 * text where the problem was found (the text length when the query ended too early).
 */
public final class QuerySyntaxException extends RuntimeException {
    private final int position;
    private final String reason;

    public QuerySyntaxException(String reason, int position) {
        this(reason, position, null);
    }

    public QuerySyntaxException(String reason, int position, Throwable cause) {
        super(reason + " at position " + position, cause);
        this.reason = reason;
        this.position = position;
    }

    /** 0-based character offset in the query text. */
    public int position() {
        return position;
    }

    /** What is wrong, without the position, e.g. {@code "expected FROM after the select list"}. */
    public String reason() {
        return reason;
    }

    /** {@code "<reason> at position <n>"}, the form the REST layer puts in its error message. */
    @Override
    public String toString() {
        return getMessage();
    }
}
