/** IoT Hub's throttles per SKU as token buckets, answering 429 when a limit is reached. */
package dev.fleetops.localhub.throttle;
