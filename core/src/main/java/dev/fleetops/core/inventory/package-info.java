/**
 * The device inventory: a page of devices with the state a fleet view shows (connection, last activity, firmware
 * version, last action and its status), and counts per firmware version and per action status. Both are IoT Hub
 * queries built here from constants and a validated {@link dev.fleetops.core.rollout.service.TargetFilter}, bounded to
 * one page per request (docs/api.md, "Device inventory").
 */
package dev.fleetops.core.inventory;
