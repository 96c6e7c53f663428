/**
 * Ports to IoT Hub that core needs (direct methods, twin reads, queries, desired-property writes) and what their
 * answers mean; the Functions app implements them with the service SDK.
 */
package dev.fleetops.core.hub;
