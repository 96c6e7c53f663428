package dev.fleetops.e2e;

import dev.fleetops.functions.support.Azurite;
import dev.fleetops.functions.wiring.AppServices;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.localhub.LocalHub;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The functions app wired as the Functions host wires it, against a local hub and the tests' Azurite. */
final class Backend {
    private Backend() {}

    /** @param more settings on top of the hub's service connection, its endpoint and the storage connection */
    static FleetOpsInjector on(LocalHub hub, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        // The function key's caller (FLEETOPS_AUTH=key): the suites factory-reset and target filters, which need an
        // Admin.
        settings.putIfAbsent("FLEETOPS_AUTOMATION_ROLE", "FleetOps.Admin");
        settings.put("IOTHUB_CONNECTION_STRING", hub.serviceConnectionString("service"));
        settings.put("IOTHUB_SERVICE_ENDPOINT", hub.serviceEndpoint());
        settings.put("AzureWebJobsStorage", Azurite.connectionString());
        return new FleetOpsInjector(new AppServices(settings, Clock.systemUTC()));
    }
}
