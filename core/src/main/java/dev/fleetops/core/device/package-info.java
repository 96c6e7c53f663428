/**
 * Starting one action on one device: validating the request, the operation id, the direct method and what the
 * device's answer means ({@code DeviceActionService}).
 */
package dev.fleetops.core.device;
