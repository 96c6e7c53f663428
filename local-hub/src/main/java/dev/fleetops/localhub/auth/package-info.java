/** Shared access policies and SAS tokens: signing and checking them as IoT Hub does. */
package dev.fleetops.localhub.auth;
