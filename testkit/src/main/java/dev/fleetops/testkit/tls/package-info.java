/** A throw-away self-signed certificate for 127.0.0.1, for HTTPS servers in tests. */
package dev.fleetops.testkit.tls;
