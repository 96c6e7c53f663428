/**
 * An offline IoT Hub for tests and the local stack ({@code LocalHub}, {@code Main}): MQTT and HTTPS endpoints,
 * device registry, twins, direct methods, jobs and queries, compatible with the unmodified Azure SDKs.
 */
package dev.fleetops.localhub;
