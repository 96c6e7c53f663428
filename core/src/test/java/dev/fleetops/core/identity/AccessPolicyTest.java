package dev.fleetops.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.identity.AccessDecision.Allowed;
import dev.fleetops.core.identity.AccessDecision.Forbidden;
import dev.fleetops.core.identity.AccessDecision.Unlisted;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The route policy, route by route, for each role. */
class AccessPolicyTest {
    private static final AccessPolicy POLICY = new AccessPolicy(100);
    private static final Principal NOBODY = user();
    private static final Principal READER = user(Role.READER);
    private static final Principal OPERATOR = user(Role.OPERATOR);
    private static final Principal ADMIN = user(Role.ADMIN);
    /**
     * The app's 22 functions, the one list of their names: the table must hold exactly these, and the packaged app
     * generates a function.json for exactly the table's (functions/.../FunctionMetadataIT).
     */
    private static final Set<String> APP_FUNCTIONS = Set.of(
            "Reboot",
            "PullDeviceLogs",
            "DeviceLogs",
            "FactoryReset",
            "FirmwareUpdate",
            "DeviceStatus",
            "Device",
            "DeviceTimeline",
            "Progress",
            "ProgressTimer",
            "CreateOperation",
            "ListOperations",
            "GetOperation",
            "OperationDevices",
            "CancelOperation",
            "PauseOperation",
            "AdvanceOperation",
            "ResumeOperation",
            "RetryFailedOperation",
            "CancelOperationDevice",
            "RolloutTimer",
            "DispatchWorker",
            "OpenApi",
            "Console",
            "ConsoleScript",
            "ConsoleStyle",
            "PreviewOperation",
            "OperationReport",
            "Audit",
            "DeviceInventory",
            "DeviceSummary",
            "ApproveOperation",
            "RejectOperation",
            "RegisterFirmware",
            "CompleteFirmware",
            "ListFirmware",
            "GetFirmware",
            "DeleteFirmware",
            "SignFirmware",
            "CreateSubscription",
            "ListSubscriptions",
            "DeleteSubscription",
            "EventDelivery");

    /** The OpenAPI document and the console's static files: they hold no fleet data. */
    private static final Set<String> ANONYMOUS_FUNCTIONS =
            Set.of("OpenApi", "Console", "ConsoleScript", "ConsoleStyle");

    private static Principal user(Role... roles) {
        return new Principal(
                "0e0e0e0e-0000-0000-0000-000000000000", "someone", "aad", Set.of(roles), PrincipalKind.USER);
    }

    private static String outcome(AccessDecision d) {
        if (d instanceof Forbidden f) {
            return "403 " + f.missingRole().appRole();
        }
        return d instanceof Allowed ? "ok" : "unlisted";
    }

    /** Columns: no role, Reader, Operator, Admin. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "OpenApi,               ok,                      ok,                      ok,                      ok",
        "Device,                403 FleetOps.Reader,     ok,                      ok,                      ok",
        "DeviceStatus,          403 FleetOps.Reader,     ok,                      ok,                      ok",
        "DeviceTimeline,        403 FleetOps.Reader,     ok,                      ok,                      ok",
        "DeviceInventory,       403 FleetOps.Reader,     ok,                      ok,                      ok",
        "DeviceSummary,         403 FleetOps.Reader,     ok,                      ok,                      ok",
        "Progress,              403 FleetOps.Reader,     ok,                      ok,                      ok",
        "ListOperations,        403 FleetOps.Reader,     ok,                      ok,                      ok",
        "GetOperation,          403 FleetOps.Reader,     ok,                      ok,                      ok",
        "OperationDevices,      403 FleetOps.Reader,     ok,                      ok,                      ok",
        "OperationReport,       403 FleetOps.Reader,     ok,                      ok,                      ok",
        "Audit,                 403 FleetOps.Reader,     ok,                      ok,                      ok",
        "ListFirmware,          403 FleetOps.Reader,     ok,                      ok,                      ok",
        "GetFirmware,           403 FleetOps.Reader,     ok,                      ok,                      ok",
        "RegisterFirmware,      403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "CompleteFirmware,      403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "DeleteFirmware,        403 FleetOps.Admin,      403 FleetOps.Admin,      403 FleetOps.Admin,      ok",
        "Reboot,                403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "FirmwareUpdate,        403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "PullDeviceLogs,        403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "DeviceLogs,            403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "PauseOperation,        403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "ResumeOperation,       403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "CancelOperation,       403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "CancelOperationDevice, 403 FleetOps.Operator,   403 FleetOps.Operator,   ok,                      ok",
        "FactoryReset,          403 FleetOps.Admin,      403 FleetOps.Admin,      403 FleetOps.Admin,      ok",
        "ApproveOperation,      403 FleetOps.Admin,      403 FleetOps.Admin,      403 FleetOps.Admin,      ok",
        "AdvanceOperation,      403 FleetOps.Admin,      403 FleetOps.Admin,      403 FleetOps.Admin,      ok",
        "RejectOperation,       403 FleetOps.Admin,      403 FleetOps.Admin,      403 FleetOps.Admin,      ok",
        "ProgressTimer,         unlisted,                unlisted,                unlisted,                unlisted",
        "RolloutTimer,          unlisted,                unlisted,                unlisted,                unlisted",
        "EventDelivery,         unlisted,                unlisted,                unlisted,                unlisted",
        "DispatchWorker,        unlisted,                unlisted,                unlisted,                unlisted",
        "CreateSubscription,    403 FleetOps.Admin,      403 FleetOps.Admin,      403 FleetOps.Admin,      ok",
        "ListSubscriptions,     403 FleetOps.Admin,      403 FleetOps.Admin,      403 FleetOps.Admin,      ok",
        "DeleteSubscription,    403 FleetOps.Admin,      403 FleetOps.Admin,      403 FleetOps.Admin,      ok",
    })
    void routesWithAFixedRule(String function, String nobody, String reader, String operator, String admin) {
        assertEquals(
                List.of(nobody, reader, operator, admin),
                List.of(
                        outcome(POLICY.decide(function, NOBODY)),
                        outcome(POLICY.decide(function, READER)),
                        outcome(POLICY.decide(function, OPERATOR)),
                        outcome(POLICY.decide(function, ADMIN))));
    }

    /** Columns: scope, then the outcome for Reader, Operator, Admin; for both CreateOperation and RetryFailedOperation. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "reboot 1 device,            403 FleetOps.Operator,  ok,                  ok",
        "reboot 100 devices,         403 FleetOps.Operator,  ok,                  ok",
        "reboot 101 devices,         403 FleetOps.Admin,     403 FleetOps.Admin,  ok",
        "firmwareUpdate 100 devices, 403 FleetOps.Operator,  ok,                  ok",
        "firmwareUpdate filter,      403 FleetOps.Admin,     403 FleetOps.Admin,  ok",
        "reboot filter,              403 FleetOps.Admin,     403 FleetOps.Admin,  ok",
        "factoryReset 1 device,      403 FleetOps.Admin,     403 FleetOps.Admin,  ok",
        "factoryReset filter,        403 FleetOps.Admin,     403 FleetOps.Admin,  ok",
        "unknown scope,              403 FleetOps.Admin,     403 FleetOps.Admin,  ok",
    })
    void operationsDependOnActionTargetAndSize(String scope, String reader, String operator, String admin) {
        OperationScope s = scope(scope);
        for (String function : List.of("CreateOperation", "RetryFailedOperation")) {
            assertEquals(
                    List.of(reader, operator, admin),
                    List.of(
                            outcome(POLICY.decide(function, READER, s)),
                            outcome(POLICY.decide(function, OPERATOR, s)),
                            outcome(POLICY.decide(function, ADMIN, s))),
                    function + " " + scope);
        }
    }

    private static OperationScope scope(String text) {
        if (text.equals("unknown scope")) {
            return null;
        }
        String[] words = text.split(" ");
        Action<?, ?> action = Action.fromMethodName(words[0]).orElseThrow();
        return words[1].equals("filter")
                ? OperationScope.filter(action)
                : OperationScope.deviceList(action, Integer.parseInt(words[1]));
    }

    @Test
    void everyFunctionOfTheAppHasARuleAndTheTableHoldsOnlyThoseAndTheApprovalRoutes() {
        Set<String> expected = new TreeSet<>(APP_FUNCTIONS);
        expected.addAll(List.of("ApproveOperation", "RejectOperation"));
        assertEquals(expected, new TreeSet<>(AccessRules.BY_FUNCTION.keySet()));
    }

    @Test
    void aFunctionTheTableDoesNotKnowIsRefused() {
        assertInstanceOf(Unlisted.class, POLICY.decide("DeleteEverything", ADMIN));
        assertEquals("DeleteEverything", ((Unlisted) POLICY.decide("DeleteEverything", ADMIN)).function());
    }

    @Test
    void withoutACallerOnlyAnonymousFunctionsAreAllowed() {
        for (String function : APP_FUNCTIONS) {
            AccessDecision d = POLICY.decide(function, null);
            if (ANONYMOUS_FUNCTIONS.contains(function)) {
                assertInstanceOf(Allowed.class, d);
                assertFalse(AccessPolicy.requiresPrincipal(function));
            } else {
                assertFalse(d instanceof Allowed, function);
                assertTrue(AccessPolicy.requiresPrincipal(function), function);
            }
        }
        Forbidden f = assertInstanceOf(Forbidden.class, POLICY.decide("Device", null));
        assertTrue(f.reason().endsWith("the caller is not authenticated"), f.reason());
    }

    @Test
    void forbiddenNamesTheMissingRoleAndWhy() {
        Forbidden f = assertInstanceOf(
                Forbidden.class, POLICY.decide("CreateOperation", OPERATOR, OperationScope.filter(Action.REBOOT)));
        assertEquals(Role.ADMIN, f.missingRole());
        assertEquals("an operation targeting a filter needs FleetOps.Admin", f.reason());
        f = assertInstanceOf(
                Forbidden.class,
                POLICY.decide("CreateOperation", OPERATOR, OperationScope.deviceList(Action.REBOOT, 101)));
        assertEquals("an operation on more than 100 devices needs FleetOps.Admin", f.reason());
        f = assertInstanceOf(Forbidden.class, POLICY.decide("Reboot", READER));
        assertEquals("Reboot needs FleetOps.Operator", f.reason());
    }

    @Test
    void theAutomationPrincipalIsJudgedByItsConfiguredRole() {
        assertInstanceOf(Allowed.class, POLICY.decide("Reboot", Principal.automation("ci", Role.OPERATOR)));
        assertInstanceOf(Forbidden.class, POLICY.decide("FactoryReset", Principal.automation("ci", Role.OPERATOR)));
        assertInstanceOf(Allowed.class, POLICY.decide("FactoryReset", Principal.automation("ci", Role.ADMIN)));
    }

    @Test
    void theOperatorListLimitIsASetting() {
        AccessPolicy ten = (AccessPolicy)
                assertInstanceOf(Parsed.Valid.class, AccessPolicy.from(Map.of("FLEETOPS_OPERATOR_MAX_DEVICES", "10")))
                        .value();
        assertInstanceOf(
                Allowed.class, ten.decide("CreateOperation", OPERATOR, OperationScope.deviceList(Action.REBOOT, 10)));
        assertInstanceOf(
                Forbidden.class, ten.decide("CreateOperation", OPERATOR, OperationScope.deviceList(Action.REBOOT, 11)));
        assertEquals(
                new AccessPolicy(100),
                assertInstanceOf(Parsed.Valid.class, AccessPolicy.from(Map.of()))
                        .value());
        for (String bad : List.of("0", "-1", "10001", "ten", "1.5")) {
            assertInstanceOf(
                    Parsed.Invalid.class, AccessPolicy.from(Map.of("FLEETOPS_OPERATOR_MAX_DEVICES", bad)), bad);
        }
    }

    @Test
    void atTheDoorAnOperationFunctionNeedsAtLeastAnOperatorAndTheScopeDecidesTheRest() {
        assertInstanceOf(Forbidden.class, POLICY.admits("CreateOperation", READER));
        assertInstanceOf(Forbidden.class, POLICY.admits("CreateOperation", null));
        assertInstanceOf(Allowed.class, POLICY.admits("CreateOperation", OPERATOR));
        assertInstanceOf(Allowed.class, POLICY.admits("RetryFailedOperation", OPERATOR));
        assertInstanceOf(
                Forbidden.class,
                POLICY.decide(
                        "CreateOperation",
                        OPERATOR,
                        OperationScope.deviceList(dev.fleetops.contract.Action.FACTORY_RESET, 1)));
        // Other functions: the door is the rule itself.
        assertInstanceOf(Forbidden.class, POLICY.admits("FactoryReset", OPERATOR));
        assertInstanceOf(Allowed.class, POLICY.admits("Device", READER));
        assertInstanceOf(Allowed.class, POLICY.admits("OpenApi", null));
    }
}
