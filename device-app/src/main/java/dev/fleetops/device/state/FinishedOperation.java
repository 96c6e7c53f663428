package dev.fleetops.device.state;

import dev.fleetops.contract.DmMethod;

/** An operation that reached a terminal status; kept so a repeated request is answered, never re-run. */
public record FinishedOperation(String operationId, DmMethod method, String status, String finishedAt) {
}
