/**
 * Durability: atomic files, the append-only journals of twins and jobs, the device registry file and the access
 * policies.
 */
package dev.fleetops.localhub.state;
