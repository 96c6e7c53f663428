/** MQTT over WebSocket ({@code /$iothub/websocket}): the frames between the HTTPS server and the MQTT pipeline. */
package dev.fleetops.localhub.ws;
