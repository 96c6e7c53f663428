/**
 * Rollout metrics and events for Application Insights: what one tick reports ({@code RolloutTelemetryRecorder})
 * and the agent-instrumented client that sends it.
 */
package dev.fleetops.functions.telemetry;
