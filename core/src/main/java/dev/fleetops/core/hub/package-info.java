/**
 * Ports to IoT Hub that core needs (direct methods, twin reads, queries, desired-property writes) and what their
 * answers mean, and IoT Hub's device id rules; the Functions app implements the ports with the service SDK.
 */
package dev.fleetops.core.hub;
