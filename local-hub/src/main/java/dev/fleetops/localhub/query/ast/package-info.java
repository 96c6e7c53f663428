/** The query's syntax tree (statements, expressions, projections) and its canonical printer. */
package dev.fleetops.localhub.query.ast;
