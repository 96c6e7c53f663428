package dev.fleetops.localhub.query.ast;

public enum LogicalOp {
    AND,
    OR
}
