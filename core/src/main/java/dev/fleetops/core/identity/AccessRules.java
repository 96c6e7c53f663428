package dev.fleetops.core.identity;

import java.util.Map;

/**
 * The route policy: every function of the app, by its {@code @FunctionName}, and what it requires. One place, so a
 * review of who may do what reads one table. A function missing here is refused ({@link AccessDecision.Unlisted}).
 */
public final class AccessRules {
    private static final AccessRule ANONYMOUS = new AccessRule.Anonymous();
    private static final AccessRule READER = new AccessRule.AtLeast(Role.READER);
    private static final AccessRule OPERATOR = new AccessRule.AtLeast(Role.OPERATOR);
    private static final AccessRule ADMIN = new AccessRule.AtLeast(Role.ADMIN);
    private static final AccessRule BY_SCOPE = new AccessRule.ByOperationScope();
    private static final AccessRule TIMER = new AccessRule.NoHttp();

    /** Function name to rule. */
    public static final Map<String, AccessRule> BY_FUNCTION = Map.ofEntries(
            // GET /api/openapi.json: also excluded from App Service Authentication (infra/bicep, excludedPaths).
            Map.entry("OpenApi", ANONYMOUS),
            // The operator console's page, script and style: no data (its script calls the API with the caller's
            // credentials); excluded from App Service Authentication too, so the page can offer the sign-in.
            Map.entry("Console", ANONYMOUS),
            Map.entry("ConsoleScript", ANONYMOUS),
            Map.entry("ConsoleStyle", ANONYMOUS),
            // Every GET: Reader.
            Map.entry("Device", READER),
            Map.entry("DeviceStatus", READER),
            // What happened to one device (attempts, reported statuses, commands and their actors): no log content.
            Map.entry("DeviceTimeline", READER),
            Map.entry("Progress", READER),
            Map.entry("ListOperations", READER),
            Map.entry("GetOperation", READER),
            Map.entry("OperationDevices", READER),
            Map.entry("OperationReport", READER),
            Map.entry("Audit", READER),
            Map.entry("DeviceInventory", READER),
            Map.entry("DeviceSummary", READER),
            Map.entry("ListFirmware", READER),
            Map.entry("GetFirmware", READER),
            // The firmware catalog: Operators register and complete versions (they may already send any package URL
            // to devices; the catalog only narrows that); deleting one, which no later operation can then name, is
            // Admin. A version an unfinished operation sends is never deleted (FirmwareCatalogService).
            Map.entry("RegisterFirmware", OPERATOR),
            Map.entry("CompleteFirmware", OPERATOR),
            Map.entry("DeleteFirmware", ADMIN),
            // Signing with FleetOps' key makes a package installable on devices that trust only that key: an Admin,
            // and never the one who registered it (FirmwareCatalogService.sign).
            Map.entry("SignFirmware", ADMIN),
            // Single-device actions: reboot and firmware update are Operator, factory reset is Admin.
            Map.entry("Reboot", OPERATOR),
            Map.entry("FirmwareUpdate", OPERATOR),
            Map.entry("FactoryReset", ADMIN),
            // On-demand log pulls: starting one and reading where it landed (with a short-lived read link to a
            // device's log) are Operator, as the actions are; a Reader sees no device's log.
            Map.entry("PullDeviceLogs", OPERATOR),
            Map.entry("DeviceLogs", OPERATOR),
            // Operator commands on existing operations.
            Map.entry("PauseOperation", OPERATOR),
            Map.entry("ResumeOperation", OPERATOR),
            Map.entry("CancelOperation", OPERATOR),
            Map.entry("CancelOperationDevice", OPERATOR),
            // What a new operation would target (the console's preview): nothing is written, but it runs fleet queries
            // and is only useful to someone who may create one.
            Map.entry("PreviewOperation", OPERATOR),
            // Creating an operation, and retrying its failed devices (which runs its action again), depend on what it
            // does.
            Map.entry("CreateOperation", BY_SCOPE),
            Map.entry("RetryFailedOperation", BY_SCOPE),
            // The second Admin's decision on an operation waiting for approval (its creator is refused by
            // RolloutControl).
            Map.entry("ApproveOperation", ADMIN),
            Map.entry("AdvanceOperation", ADMIN),
            Map.entry("RejectOperation", ADMIN),
            // Webhook subscriptions send every operation's events to a URL of the caller's choosing: Admin.
            Map.entry("CreateSubscription", ADMIN),
            Map.entry("ListSubscriptions", ADMIN),
            Map.entry("DeleteSubscription", ADMIN),
            // Timers and queue triggers take no HTTP requests.
            Map.entry("ProgressTimer", TIMER),
            Map.entry("RolloutTimer", TIMER),
            Map.entry("EventDelivery", TIMER),
            Map.entry("DispatchWorker", TIMER));

    private AccessRules() {}
}
