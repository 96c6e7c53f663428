/** The WebJobs SDK's singleton listener lock (a blob lease) and the host id it is scoped to. */
package dev.fleetops.runner.singleton;
