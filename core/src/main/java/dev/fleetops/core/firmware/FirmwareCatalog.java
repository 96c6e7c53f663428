package dev.fleetops.core.firmware;

import java.util.List;
import java.util.Optional;

/** Port: the catalog's entries (Table storage in Azure). */
public interface FirmwareCatalog {
    Optional<FirmwareEntry> get(String version);

    /** Every entry, newest registration first, at most {@code max}. */
    List<FirmwareEntry> list(int max);

    /** Adds {@code entry}; false (and nothing written) when its version exists already. */
    boolean add(FirmwareEntry entry);

    /** Replaces the stored entry of {@code entry.version()}. */
    void save(FirmwareEntry entry);

    /** Removes a version; false if there was none. */
    boolean remove(String version);
}
