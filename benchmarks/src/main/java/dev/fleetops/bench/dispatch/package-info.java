/**
 * The 10,000-device dispatch benchmark: a reboot rollout ticked by the real {@code RolloutTicker} with the functions'
 * adapters against an in-process local hub with the SKU's throttles, then an IoT Hub job on the same hub.
 */
package dev.fleetops.bench.dispatch;
