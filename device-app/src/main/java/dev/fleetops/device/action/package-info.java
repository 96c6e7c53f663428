/**
 * What the actions do on the device, step by step and crash-safe: reboot, factory reset and the A/B firmware
 * update with its download, health check and rollback.
 */
package dev.fleetops.device.action;
