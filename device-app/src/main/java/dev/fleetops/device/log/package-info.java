/**
 * Log lines that carry the device and operation id (an SLF4J provider), so a fleet's interleaved logs can be told
 * apart.
 */
package dev.fleetops.device.log;
