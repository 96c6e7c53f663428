/**
 * The device's side of IoT Hub: the {@code HubSession} port and its implementation on the Java device SDK (MQTT),
 * with TLS trust for a local hub's CA.
 */
package dev.fleetops.device.transport;
