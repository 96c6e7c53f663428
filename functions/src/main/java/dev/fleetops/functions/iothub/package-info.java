/**
 * Core's hub ports on the IoT Hub service SDK: direct methods, twin reads and queries, desired writes, SAS
 * credentials and the translation of SDK exceptions into {@code HubFailure}s.
 */
package dev.fleetops.functions.iothub;
