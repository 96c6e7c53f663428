/**
 * The device app's entry point ({@code Main}): one device from a connection string, the {@code simulate} fleet,
 * and the manifest tools.
 */
package dev.fleetops.device;
