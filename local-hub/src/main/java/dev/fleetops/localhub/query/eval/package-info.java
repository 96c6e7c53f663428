/**
 * Runs a query's syntax tree over JSON documents through the {@code JsonView} port: filters, projections,
 * aggregates and GROUP BY.
 */
package dev.fleetops.localhub.query.eval;
