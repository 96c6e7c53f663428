/** The audit trail of every action and refusal: who (the platform principal), what, on which target, with what outcome. */
package dev.fleetops.core.audit;
