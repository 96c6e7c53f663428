/**
 * The device agent: receives direct methods and desired properties, decides (accept, duplicate, busy, reject),
 * runs actions on its one action thread through their handlers, recovers after a restart and keeps the hub
 * connection.
 */
package dev.fleetops.device.agent;
