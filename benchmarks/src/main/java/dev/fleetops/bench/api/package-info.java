/**
 * The API's latency during a rollout: {@code GET /api/operations/{id}} under concurrent pollers against the packaged
 * app in the local runner, while a 100,000-device operation ticks and while it is paused (issue 16, item 5c).
 */
package dev.fleetops.bench.api;
