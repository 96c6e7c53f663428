package dev.fleetops.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two-person rule as pure decisions: who may approve, what approval and rejection do, and that nothing runs before. */
class ApprovalRulesTest {
    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private static final String ALICE = "11111111-1111-1111-1111-111111111111";
    private static final String BOB = "22222222-2222-2222-2222-222222222222";
    private static final Approval ASKED = Approval.requested(ALICE, "Alice (" + ALICE + ")", T, Duration.ofHours(24));

    private static Rollout pending(RolloutConfig config) {
        return Rollout.pendingApproval("op-1", config, T, ASKED);
    }

    private static Rollout pending() {
        return pending(RolloutConfig.simple(10, Duration.ofMinutes(5)));
    }

    private static Map<String, DeviceExecution> devices(int n) {
        Map<String, DeviceExecution> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put("d" + i, DeviceExecution.queued("d" + i, 0, T));
        }
        return out;
    }

    private static TickPlan applied(CommandResult r) {
        return assertInstanceOf(CommandResult.Applied.class, r).plan();
    }

    @Test
    void theCreatorCanNeverApproveTheirOwnOperationWhateverTheState() {
        CommandResult own = RolloutCommands.approve(pending(), T.plusSeconds(5), ALICE, "Alice");
        assertTrue(assertInstanceOf(CommandResult.Forbidden.class, own).reason().contains("creator"), own.toString());
        Rollout approved = applied(RolloutCommands.approve(pending(), T.plusSeconds(5), BOB, "Bob"))
                .rollout();
        assertInstanceOf(
                CommandResult.Forbidden.class,
                RolloutCommands.approve(approved, T.plusSeconds(6), ALICE, "Alice"),
                "compared by object id, in every state");
        assertInstanceOf(
                CommandResult.Forbidden.class,
                RolloutCommands.approve(pending(), T, ALICE, "Someone Else Entirely"),
                "a display name changes nothing");
    }

    @Test
    void anotherAdminsApprovalSchedulesItAndRecordsWhoAndWhen() {
        TickPlan plan = applied(RolloutCommands.approve(pending(), T.plusSeconds(60), BOB, "Bob (" + BOB + ")"));
        assertEquals(RolloutState.SCHEDULED, plan.rollout().state());
        Approval a = plan.rollout().approval();
        assertEquals(Approval.Status.APPROVED, a.status());
        assertEquals(BOB, a.decidedById());
        assertEquals(T.plusSeconds(60), a.decidedAt());
        assertEquals(ALICE, a.requestedById());
        assertEquals(List.of(new RolloutEvent.Approved("Bob (" + BOB + ")")), plan.events());
        assertInstanceOf(
                CommandResult.Refused.class,
                RolloutCommands.approve(
                        plan.rollout(), T.plusSeconds(61), "33333333-0000-0000-0000-000000000000", "Carol"),
                "an approved operation is not approved again");
    }

    @Test
    void anExpiredApprovalCannotBeGiven() {
        CommandResult late = RolloutCommands.approve(pending(), T.plus(Duration.ofHours(24)), BOB, "Bob");
        assertTrue(assertInstanceOf(CommandResult.Refused.class, late).reason().contains("expired"), late.toString());
    }

    @Test
    void aRejectionEndsItAndCancelsEveryDeviceWithTheReason() {
        Map<String, DeviceExecution> devices = devices(3);
        TickPlan plan =
                applied(RolloutCommands.reject(pending(), devices, T.plusSeconds(30), BOB, "Bob", "wrong ring"));
        assertEquals(RolloutState.REJECTED, plan.rollout().state());
        assertEquals(Approval.Status.REJECTED, plan.rollout().approval().status());
        assertEquals("wrong ring", plan.rollout().approval().comment());
        assertTrue(
                plan.rollout().reason().contains("wrong ring"), plan.rollout().reason());
        assertEquals(3, plan.changed().size());
        plan.changed().forEach(e -> assertEquals(CancelReason.OPERATION_REJECTED, e.cancelReason()));
        assertTrue(plan.intents().isEmpty());
        assertInstanceOf(
                CommandResult.Refused.class, RolloutCommands.reject(plan.rollout(), devices, T, BOB, "Bob", null));
        TickPlan byCreator = applied(RolloutCommands.reject(pending(), devices, T, ALICE, "Alice", null));
        assertEquals(RolloutState.REJECTED, byCreator.rollout().state(), "the creator may withdraw by rejecting");
    }

    @Test
    void nothingIsDispatchedBeforeApprovalEvenPastItsStartTime() {
        Map<String, DeviceExecution> devices = devices(5);
        RolloutConfig startsAtOnce = RolloutConfig.simple(600, Duration.ofMinutes(5));
        TickPlan tick = RolloutEngine.tick(pending(startsAtOnce), devices, Map.of(), 100, T.plus(Duration.ofHours(23)));
        assertEquals(RolloutState.PENDING_APPROVAL, tick.rollout().state());
        assertTrue(tick.intents().isEmpty()
                && tick.changed().isEmpty()
                && tick.events().isEmpty());
        Rollout approved = applied(RolloutCommands.approve(pending(startsAtOnce), T.plusSeconds(1), BOB, "Bob"))
                .rollout();
        TickPlan after = RolloutEngine.tick(approved, devices, Map.of(), 100, T.plusSeconds(2));
        assertEquals(RolloutState.RUNNING, after.rollout().state());
        assertEquals(5, after.intents().size(), "once approved it runs like any operation");
    }

    @Test
    void theTimerRejectsAnApprovalNobodyGaveInTime() {
        Map<String, DeviceExecution> devices = devices(2);
        TickPlan tick = RolloutEngine.tick(pending(), devices, Map.of(), 100, T.plus(Duration.ofHours(24)));
        assertEquals(RolloutState.REJECTED, tick.rollout().state());
        assertEquals(Approval.Status.EXPIRED, tick.rollout().approval().status());
        assertNull(tick.rollout().approval().decidedById());
        assertEquals("approvalExpired", tick.events().get(0).type());
        assertEquals(2, tick.changed().size());
        assertTrue(tick.intents().isEmpty());
    }

    @Test
    void operatorCommandsOnAPendingOperation() {
        Map<String, DeviceExecution> devices = devices(2);
        assertInstanceOf(CommandResult.Refused.class, RolloutCommands.pause(pending(), T, "op"));
        assertInstanceOf(CommandResult.Refused.class, RolloutCommands.resume(pending(), devices, T, "op"));
        assertInstanceOf(CommandResult.Refused.class, RolloutCommands.retryFailed(pending(), devices, T, "op"));
        TickPlan canceled = applied(RolloutCommands.cancel(pending(), devices, T.plusSeconds(9), "Otto"));
        assertEquals(RolloutState.CANCELED, canceled.rollout().state());
        assertEquals(Approval.Status.WITHDRAWN, canceled.rollout().approval().status());
        assertEquals("Otto", canceled.rollout().approval().decidedBy());
    }

    @Test
    void theApiNamesTheNewStatesInCamelCase() {
        assertEquals("pendingApproval", RolloutState.PENDING_APPROVAL.wireName());
        assertEquals("rejected", RolloutState.REJECTED.wireName());
        assertEquals("running", RolloutState.RUNNING.wireName());
        assertTrue(RolloutState.REJECTED.isTerminal());
    }
}
