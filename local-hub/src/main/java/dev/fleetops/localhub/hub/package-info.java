/**
 * The hub's model behind both transports ({@code Hub}, a facade over one part per concern): registry, device
 * authentication, connections, twins and their journal, direct methods, telemetry and cloud-to-device delivery.
 */
package dev.fleetops.localhub.hub;
