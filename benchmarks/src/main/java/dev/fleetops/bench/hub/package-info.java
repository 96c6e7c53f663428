/**
 * The local hub under load: connections, direct-method round trips, durable twin patches and GROUP BY queries, in
 * process or in a child process.
 */
package dev.fleetops.bench.hub;
