package dev.fleetops.localhub.query;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.query.ast.Printer;
import dev.fleetops.localhub.query.ast.Source;
import dev.fleetops.localhub.query.ast.Statement;
import dev.fleetops.localhub.query.errors.QuerySyntaxException;
import dev.fleetops.localhub.query.eval.Executor;
import dev.fleetops.localhub.query.eval.GsonJsonView;
import dev.fleetops.localhub.query.parse.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed IoT Hub query, e.g. {@code SELECT * FROM devices WHERE tags.location.region = 'US'}.
 * Parse once, execute many times: instances are immutable and thread-safe.
 *
 * <pre>{@code
 * Query q = Query.parse("SELECT status, COUNT() AS n FROM devices GROUP BY status");
 * List<JsonObject> rows = q.execute(twins);   // [{"status":"enabled","n":3}, ...]
 * }</pre>
 */
public final class Query {
    public static final int MAX_LENGTH = 8192;

    private final Statement statement;
    private final Executor<JsonElement> executor;

    private Query(Statement statement) {
        this.statement = statement;
        this.executor = new Executor<>(statement, GsonJsonView.INSTANCE);
    }

    /**
     * Parses and checks a query.
     *
     * @throws QuerySyntaxException (unchecked) for text longer than {@link #MAX_LENGTH}, bad syntax, or
     *     constructs IoT Hub does not support; never any other exception, whatever the text
     */
    public static Query parse(String text) {
        if (text == null) {
            throw new QuerySyntaxException("query text is missing", 0);
        }
        if (text.length() > MAX_LENGTH) {
            throw new QuerySyntaxException("query longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        return new Query(Parser.parse(text));
    }

    public Source source() {
        return statement.source();
    }

    /** True when rows are groups (GROUP BY or an aggregate in the select list) rather than documents. */
    public boolean isAggregate() {
        return statement.isAggregate();
    }

    /**
     * Runs the query over {@code documents}: full twin JSON objects as GET /twins returns them, module twins,
     * or job rows for {@code FROM devices.jobs}, in the order the caller wants rows returned. Null entries are
     * skipped. Never throws for any document content.
     *
     * @return for {@code SELECT *} the matching documents themselves (not copies); otherwise new objects keyed by
     *     alias or by the document's spelling of the last path segment, leaving out undefined values
     * @throws NullPointerException if {@code documents} is null
     */
    public List<JsonObject> execute(List<JsonObject> documents) {
        Objects.requireNonNull(documents, "'documents' must not be null");
        List<JsonObject> rows = new ArrayList<>();
        for (JsonElement row : executor.run(new ArrayList<JsonElement>(documents))) {
            rows.add(row.getAsJsonObject());
        }
        return rows;
    }

    /** The canonical form: upper-case keywords, every operator parenthesised. Equal queries print equal. */
    @Override
    public String toString() {
        return Printer.print(statement);
    }
}
