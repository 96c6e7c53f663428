/**
 * Events for every outcome of a fleet operation (docs/rollouts.md, "Events"): the event model and its CloudEvents 1.0
 * form, the mapping from what a save stores to events with stable ids, the outbox those events wait in, and the
 * delivery decisions (per-device order, backoff, dead letters) for Event Grid and signed webhooks, behind the ports
 * {@link dev.fleetops.core.event.Outbox}, {@link dev.fleetops.core.event.SubscriptionStore},
 * {@link dev.fleetops.core.event.EventPosts} and {@link dev.fleetops.core.event.DeadLetters}.
 */
package dev.fleetops.core.event;
