package dev.fleetops.core.inventory;

import java.util.List;

/**
 * One page of the inventory.
 *
 * @param continuationToken the opaque token for the next page ({@link PageToken}), or null on the last page
 */
public record InventoryPage(List<InventoryDevice> devices, String continuationToken) {
    public InventoryPage {
        devices = List.copyOf(devices);
    }
}
