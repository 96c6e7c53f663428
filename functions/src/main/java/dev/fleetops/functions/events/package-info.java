/**
 * The events' HTTP side (core.event's {@code EventPosts}): publishing CloudEvents batches to the Event Grid topic with
 * the app's Microsoft Entra token, and signed POSTs to webhook subscriptions, both with bounded timeouts.
 */
package dev.fleetops.functions.events;
