/** Command-line options and the device connection string, validated with errors that never show the key. */
package dev.fleetops.device.config;
