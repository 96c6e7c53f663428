/**
 * One running device assembled from its parts (SDK session, agent, state directory), as {@code Main}, the fleet
 * simulator and the end-to-end tests start it.
 */
package dev.fleetops.device.runtime;
