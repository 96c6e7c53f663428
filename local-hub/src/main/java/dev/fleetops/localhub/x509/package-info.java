/**
 * X.509 device authentication as IoT Hub does it: thumbprints of self-signed device certificates, and chains to the
 * hub's verified CA certificates for CA-signed devices. Knows nothing of the registry; the hub asks it.
 */
package dev.fleetops.localhub.x509;
