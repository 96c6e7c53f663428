/**
 * The local stack's scripted demo: a canary and a rollout against the simulated fleet through the HTTP API, drawn
 * in the terminal.
 */
package dev.fleetops.runner.stack.demo;
