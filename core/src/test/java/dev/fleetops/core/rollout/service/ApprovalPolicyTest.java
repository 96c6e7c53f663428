package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.identity.OperationScope;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which operations need a second Admin, and the settings that tune it. */
class ApprovalPolicyTest {
    private static final ApprovalPolicy POLICY = ApprovalPolicy.required(50, Duration.ofHours(24));

    @Test
    void destructiveFleetActionsFiltersAndLargeListsNeedApproval() {
        assertTrue(POLICY.reasonFor(OperationScope.deviceList(Action.FACTORY_RESET, 2), 2)
                .isPresent());
        assertEquals(
                Optional.empty(),
                POLICY.reasonFor(OperationScope.deviceList(Action.FACTORY_RESET, 1), 1),
                "one device is not a fleet");
        assertTrue(POLICY.reasonFor(OperationScope.filter(Action.REBOOT), 1)
                .orElseThrow()
                .contains("filter"));
        assertTrue(
                POLICY.reasonFor(OperationScope.filter(Action.FACTORY_RESET), 1).isPresent());
        assertTrue(POLICY.reasonFor(OperationScope.deviceList(Action.FIRMWARE_UPDATE, 50), 50)
                .isPresent());
        assertEquals(Optional.empty(), POLICY.reasonFor(OperationScope.deviceList(Action.FIRMWARE_UPDATE, 49), 49));
        assertEquals(Optional.empty(), ApprovalPolicy.OFF.reasonFor(OperationScope.filter(Action.FACTORY_RESET), 9));
    }

    @Test
    void itIsInForceWithEntraIdentitiesOnly() {
        ApprovalPolicy entra = valid(Map.of("FLEETOPS_AUTH", "entra"));
        assertTrue(entra.enabled());
        assertEquals(ApprovalPolicy.DEFAULT_MIN_DEVICES, entra.minDevices());
        assertEquals(Duration.ofHours(24), entra.validFor());
        assertEquals(
                false, valid(Map.of()).enabled(), "key mode: every caller is one principal, there is no second person");
        ApprovalPolicy tuned = valid(Map.of(
                "FLEETOPS_AUTH", "entra", "FLEETOPS_APPROVAL_MIN_DEVICES", "200", "FLEETOPS_APPROVAL_TTL_HOURS", "4"));
        assertEquals(200, tuned.minDevices());
        assertEquals(Duration.ofHours(4), tuned.validFor());
    }

    @Test
    void badSettingsNameTheSetting() {
        Parsed<ApprovalPolicy> bad =
                ApprovalPolicy.from(Map.of("FLEETOPS_APPROVAL_MIN_DEVICES", "1", "FLEETOPS_APPROVAL_TTL_HOURS", "999"));
        assertEquals(
                java.util.List.of("FLEETOPS_APPROVAL_MIN_DEVICES", "FLEETOPS_APPROVAL_TTL_HOURS"),
                assertInstanceOf(Parsed.Invalid.class, bad).errors().stream()
                        .map(e -> ((FieldError) e).field())
                        .toList());
    }

    private static ApprovalPolicy valid(Map<String, String> env) {
        Parsed<ApprovalPolicy> p = ApprovalPolicy.from(env);
        assertInstanceOf(Parsed.Valid.class, p, p::toString);
        return ((Parsed.Valid<ApprovalPolicy>) p).value();
    }
}
