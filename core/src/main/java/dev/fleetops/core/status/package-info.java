/**
 * A device's device-management status as a portal shows it, read from its twin, optionally focused on one
 * operation (pending, final, superseded or unknown).
 */
package dev.fleetops.core.status;
