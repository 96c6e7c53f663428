/**
 * Firmware manifest signing keys, shared by the device app (which verifies, and signs on an operator's machine) and
 * the back-end (which may sign catalog versions with a configured key): PEM text of keys, the two accepted schemes,
 * and a key pair that signs manifests. JDK crypto only.
 */
package dev.fleetops.contract.signing;
