/** Timer triggers: NCRONTAB schedules, firing without overlap, and the timer payload the worker passes. */
package dev.fleetops.runner.timer;
