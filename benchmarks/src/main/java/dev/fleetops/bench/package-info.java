/**
 * The benchmark commands' entry point and what they share (heap readings, a hub in its own process); figures go to
 * docs/performance.md.
 */
package dev.fleetops.bench;
