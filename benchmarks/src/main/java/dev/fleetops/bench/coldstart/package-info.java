/**
 * How long the packaged app takes to answer its first request through the local runner, against an empty baseline
 * app.
 */
package dev.fleetops.bench.coldstart;
