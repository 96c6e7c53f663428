/** Fault injection for tests and demos: latency, failures, dropped connections, method timeouts and a paused hub. */
package dev.fleetops.localhub.faults;
