/**
 * The IoT Hub query language ({@code SELECT ... FROM devices WHERE ... GROUP BY ...}).
 *
 * <p>{@link dev.fleetops.localhub.query.Query}, with {@link dev.fleetops.localhub.query.ast.Source} (what a query
 * reads) and {@link dev.fleetops.localhub.query.errors.QuerySyntaxException}, is the API for the rest of the hub.
 * The work happens in stages, one subpackage each: {@code lexer} (characters to tokens), {@code parse} (recursive
 * descent to the {@code ast}) and {@code eval} (runs the AST over JSON documents through the {@code JsonView}
 * port); {@code errors} holds the one exception every stage throws. Dependencies point one way only, from this
 * package down to {@code parse} and {@code eval}, then {@code ast}, {@code lexer} and {@code errors}, so no stage
 * depends on the facade. The subpackages are public only so that the stages can live in separate packages; nothing
 * outside this package should use them.
 */
package dev.fleetops.localhub.query;
