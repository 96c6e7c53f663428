/**
 * The firmware catalog: versions registered by operators, uploaded straight to Blob storage through a short-lived
 * write link, measured by FleetOps (size and SHA-256 from the stored bytes, never from the caller) and then offered to
 * devices through short-lived read links issued per dispatch. Decisions only; the ports ({@link
 * dev.fleetops.core.firmware.FirmwareCatalog}, {@link dev.fleetops.core.firmware.PackageBlobs}, {@link
 * dev.fleetops.core.firmware.PackageLinks}) are implemented by the functions module's storage adapters
 * (docs/firmware-catalog.md).
 */
package dev.fleetops.core.firmware;
