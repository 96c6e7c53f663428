/**
 * The fleet simulator: many real device runtimes in one JVM, with behaviour profiles (healthy, offline, failing
 * health check, crashing) for demos and end-to-end tests.
 */
package dev.fleetops.device.sim;
