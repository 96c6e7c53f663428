/**
 * The HTTPS service API (registry, twins, methods, jobs, queries, cloud-to-device, admin) and the MQTT-over-
 * WebSocket upgrade, with IoT Hub's authorization and error bodies.
 */
package dev.fleetops.localhub.rest;
