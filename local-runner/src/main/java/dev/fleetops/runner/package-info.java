/**
 * The local runner, a stand-in for the Functions host and Java worker: command line, settings, start-up and the
 * worker process it launches.
 */
package dev.fleetops.runner;
