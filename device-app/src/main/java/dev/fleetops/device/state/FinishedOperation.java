package dev.fleetops.device.state;

import com.google.gson.annotations.SerializedName;
import dev.fleetops.contract.Action;

/**
 * An operation that reached a terminal status; kept so a repeated request is answered, never re-run.
 *
 * @param action persisted as {@code method}, the name state files have always used
 */
public record FinishedOperation(
        String operationId, @SerializedName("method") Action<?, ?> action, String status, String finishedAt) {}
