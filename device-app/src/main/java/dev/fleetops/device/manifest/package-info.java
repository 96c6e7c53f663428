/** Signed firmware manifests: verifying them against trusted keys, and the command-line signer and key tools. */
package dev.fleetops.device.manifest;
