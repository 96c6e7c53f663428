/**
 * The human-readable report of one rollout: a self-contained HTML page (inline CSS and SVG) rendered from a {@code
 * RolloutSnapshot}.
 */
package dev.fleetops.core.rollout.service.report;
