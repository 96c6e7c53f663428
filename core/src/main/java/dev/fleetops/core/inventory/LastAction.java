package dev.fleetops.core.inventory;

/**
 * The device's most recently updated action section.
 *
 * @param action    the action's method name ({@code reboot}, {@code firmwareUpdate}, …)
 * @param status    the reported status, or null when the contract does not know it ({@code outcome} is then unknown)
 * @param errorCode the reported error's code, or null
 */
public record LastAction(
        String action, String status, Outcome outcome, String operationId, String updatedAt, String errorCode) {}
