/**
 * The timer-triggered functions: the rollout reconciliation tick and the progress summary, with one log line per
 * rollout per tick.
 */
package dev.fleetops.functions.timer;
