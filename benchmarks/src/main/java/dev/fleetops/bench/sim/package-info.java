/** The fleet simulator's cost per device (heap, threads, connect times) and direct-method round trips through it. */
package dev.fleetops.bench.sim;
