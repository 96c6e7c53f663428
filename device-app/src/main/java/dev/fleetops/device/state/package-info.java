/**
 * The device's durable state: current and finished operations, A/B slots and reported sections, written atomically
 * to its state directory and read back after a crash.
 */
package dev.fleetops.device.state;
