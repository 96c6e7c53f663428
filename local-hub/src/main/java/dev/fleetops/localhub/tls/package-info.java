/** The hub's certificate authority and server certificate, created once and kept in the state directory. */
package dev.fleetops.localhub.tls;
