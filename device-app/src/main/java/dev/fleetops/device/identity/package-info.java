/**
 * The device's X.509 identity: its certificate and private key (PEM files in its state directory, the key 0600), how
 * they are loaded for the SDK's TLS client authentication, and how a self-signed one is made.
 */
package dev.fleetops.device.identity;
