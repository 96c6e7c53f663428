package dev.fleetops.localhub.query.ast;

/** The aggregates IoT Hub allows in the select list. COUNT takes no argument; the others take one. */
public enum AggregateFunction {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX
}
