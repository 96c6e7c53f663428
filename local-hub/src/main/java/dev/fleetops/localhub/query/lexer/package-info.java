/** Turns query text into tokens (names, strings, numbers, operators) with their positions. */
package dev.fleetops.localhub.query.lexer;
