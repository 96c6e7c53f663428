/**
 * Core's storage ports on Azure Storage: rollouts in four tables ({@code TableRolloutStore}, with the idempotency
 * claim protocol and sharded paging) and progress documents in a blob container.
 */
package dev.fleetops.functions.storage;
