/**
 * How the hub refuses a request: {@link dev.fleetops.localhub.errors.HubException} with IoT Hub's numeric error
 * codes ({@link dev.fleetops.localhub.errors.ErrorCodes}), which both transports turn into their own error form.
 * Shared by every feature package, and depending on none of them, so that features below {@code hub} (such as
 * {@code c2d}) can refuse requests without depending on it.
 */
package dev.fleetops.localhub.errors;
