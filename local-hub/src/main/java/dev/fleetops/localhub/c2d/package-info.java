/**
 * Cloud-to-device message queues as IoT Hub keeps them: depth and size limits, time to live, removal only on the
 * device's acknowledgement.
 */
package dev.fleetops.localhub.c2d;
