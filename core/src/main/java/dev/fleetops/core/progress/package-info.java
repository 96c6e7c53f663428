/**
 * The fleet-wide progress summary: a fixed number of hub queries, summarized without trusting device-written
 * values, stored by a port ({@code ProgressStore}).
 */
package dev.fleetops.core.progress;
