/**
 * Per-device timeline (docs/api.md, "Device timeline"): every attempt and reported status of a fleet operation's
 * device row, and every operator command aimed at the device, newest first. Written where the facts are stored:
 * {@link dev.fleetops.core.timeline.TimelineRecorder} in the rollout store's save, {@link
 * dev.fleetops.core.timeline.TimelineAuditLog} beside the audit log; read by {@link
 * dev.fleetops.core.timeline.DeviceTimelineService} through the port {@link dev.fleetops.core.timeline.DeviceTimeline}.
 */
package dev.fleetops.core.timeline;
