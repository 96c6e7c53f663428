/** Storage accounts as the host finds them from a {@code connection} setting. */
package dev.fleetops.runner.storage;
