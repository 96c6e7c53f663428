/** Azure Storage for tests: Azurite over HTTPS with a certificate the devices trust. */
package dev.fleetops.testkit.storage;
