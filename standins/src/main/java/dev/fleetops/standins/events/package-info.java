/**
 * Where FleetOps' events arrive locally: a webhook receiver that verifies Standard Webhooks signatures and records
 * what came, and an Event Grid custom-topic stand-in that checks the CloudEvents 1.0 batch and the bearer token.
 */
package dev.fleetops.standins.events;
