/**
 * The IoT Hub query language ({@code SELECT ... FROM devices WHERE ... GROUP BY ...}).
 *
 * <p>{@link dev.fleetops.localhub.query.Query} and {@link dev.fleetops.localhub.query.QuerySyntaxException}
 * are the API for the rest of the hub. The work happens in four stages, one subpackage each:
 * {@code lexer} (characters to tokens), {@code parse} (recursive descent to the {@code ast}) and
 * {@code eval} (runs the AST over JSON documents through the {@code JsonView} port). The subpackages are
 * public only so that the stages can live in separate packages; nothing outside this package should use them.
 */
package dev.fleetops.localhub.query;
