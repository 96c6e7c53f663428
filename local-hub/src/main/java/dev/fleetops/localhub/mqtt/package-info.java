/**
 * The MQTT 3.1.1 device endpoint on Netty: connect and authentication, sessions and subscriptions, twin requests,
 * direct methods, telemetry and cloud-to-device messages as IoT Hub's topics define them.
 */
package dev.fleetops.localhub.mqtt;
