package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditQuery;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.audit.InMemoryAuditLog;
import dev.fleetops.core.audit.RequestIds;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.identity.AccessDecision;
import dev.fleetops.core.identity.Role;
import dev.fleetops.core.rollout.service.RolloutService.CreateOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rollout creation, commands and approvals with their audit records, on the in-memory store and log: idempotency keys
 * are each caller's own and compare canonical bodies, the creator cannot approve, nothing is dispatched before approval.
 */
class AuditedRolloutServiceTest {
    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);
    private static final AuditContext ALICE = who("11111111-1111-1111-1111-111111111111", "Alice", "CreateOperation");
    private static final AuditContext BOB = who("22222222-2222-2222-2222-222222222222", "Bob", "ApproveOperation");
    private static final AccessDecision ALLOWED = new AccessDecision.Allowed();
    private static final String ONE_REBOOT = "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\"]}}";
    private static final String TWO_RESETS = "{\"action\":\"factoryReset\",\"target\":{\"deviceIds\":[\"a\",\"b\"]}}";

    private final InMemoryRolloutStore store = new InMemoryRolloutStore(CLOCK);
    private final InMemoryAuditLog log = new InMemoryAuditLog();
    private final Auditor auditor = new Auditor(log, CLOCK);
    private final RolloutService service =
            new RolloutService(store, CLOCK, auditor, ApprovalPolicy.required(100, Duration.ofHours(24)));
    private final RolloutControl control = new RolloutControl(store, CLOCK, auditor);
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private static AuditContext who(String oid, String name, String action) {
        return new AuditContext(
                new AuditActor(oid, name, "user", List.of(Role.ADMIN.appRole())),
                new RequestIds("inv-" + name, null, null),
                action,
                null);
    }

    private static AuditContext as(AuditContext who, String action) {
        return new AuditContext(who.actor(), who.request(), action, null);
    }

    private CreateOutcome create(String body, String key, AuditContext who) {
        return service.create(StrictJson.parseObject(body), key, who, scope -> new AccessDecision.Allowed());
    }

    /** Creates a rollout that must be accepted and returns its id. */
    private String createdId(String body, String key, AuditContext who) {
        return assertInstanceOf(CreateOutcome.Created.class, create(body, key, who))
                .rollout()
                .rollout()
                .id();
    }

    /** Bob runs an operator command; the access check answers {@code access}. */
    private static RolloutControl.Outcome bobRuns(
            RolloutControl control, String id, RolloutControl.Command command, String action, AccessDecision access) {
        return control.apply(id, command, null, as(BOB, action), scope -> access);
    }

    private List<AuditRecord> records(String operationId) {
        return log.query(AuditQuery.between(T.minusSeconds(1), T.plusSeconds(1)).withOperation(operationId))
                .records();
    }

    @Test
    void aKeyIsTheCallersOwnAndComparesTheCanonicalBody() {
        String body =
                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"a\",\"b\"]},\"rollout\":{\"maxPerMinute\":60}}";
        String reordered =
                "{ \"rollout\": {\"maxPerMinute\": 60.0},\n \"target\": {\"deviceIds\": [\"a\", \"b\"]}, \"action\": \"reboot\" }";
        String id = createdId(body, "k-1", ALICE);
        assertEquals(
                id,
                assertInstanceOf(CreateOutcome.Existing.class, create(reordered, "k-1", ALICE))
                        .rollout()
                        .rollout()
                        .id(),
                "key order, spacing and number form do not make another request");
        String bobs = createdId(body, "k-1", as(BOB, "CreateOperation"));
        assertNotEquals(id, bobs, "the same key from another caller is another request");
        assertEquals(
                id,
                assertInstanceOf(CreateOutcome.KeyConflict.class, create(body.replace("60", "61"), "k-1", ALICE))
                        .existingId());
    }

    @Test
    void creationIsAuditedAsIntentThenOutcomeWithTheCallersIdentity() {
        String id = createdId(ONE_REBOOT, null, ALICE);
        List<AuditRecord> rs = records(id);
        assertEquals(2, rs.size(), rs.toString());
        AuditRecord intent = rs.stream()
                .filter(r -> r.outcome() == AuditOutcome.PENDING)
                .findFirst()
                .orElseThrow();
        AuditRecord outcome = rs.stream()
                .filter(r -> r.outcome() == AuditOutcome.SUCCEEDED)
                .findFirst()
                .orElseThrow();
        assertEquals(intent.id(), outcome.intentId());
        assertEquals("11111111-1111-1111-1111-111111111111", outcome.actor().objectId());
        assertEquals("Alice", outcome.actor().displayName());
        assertEquals(List.of("FleetOps.Admin"), outcome.actor().roles());
        assertEquals("CreateOperation", outcome.action());
        assertEquals("inv-Alice", outcome.request().invocationId());
    }

    @Test
    void aScopeRefusalIsAuditedAsDeniedAndNothingIsStored() {
        CreateOutcome o = service.create(
                StrictJson.parseObject("{\"action\":\"factoryReset\",\"target\":{\"deviceIds\":[\"a\"]}}"),
                null,
                ALICE,
                scope -> new AccessDecision.Forbidden(
                        Role.ADMIN, "a factoryReset destroys device data and needs FleetOps.Admin"));
        assertInstanceOf(CreateOutcome.Forbidden.class, o);
        List<AuditRecord> denied = log.query(AuditQuery.between(T.minusSeconds(1), T.plusSeconds(1))
                        .withActor("11111111-1111-1111-1111-111111111111"))
                .records();
        assertEquals(1, denied.size());
        assertEquals(AuditOutcome.DENIED, denied.get(0).outcome());
        assertTrue(
                denied.get(0).detail().contains("FleetOps.Admin"), denied.get(0).detail());
        assertTrue(store.list(10).isEmpty());
    }

    @Test
    void theCreatorCannotApproveASecondAdminCanAndOnlyThenDevicesAreCalled() {
        String id = createdId(TWO_RESETS, null, ALICE);
        assertEquals("pendingApproval", control.get(id).orElseThrow().state());
        RolloutTicker ticker = new RolloutTicker(
                store,
                (q, n) -> List.of(),
                (d, m, p) -> {
                    sent.add(d);
                    return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
                },
                CLOCK,
                pool);
        ticker.tickAll();
        assertTrue(sent.isEmpty(), "nothing is dispatched before approval");

        RolloutControl.Outcome own = control.approve(id, as(ALICE, "ApproveOperation"));
        assertTrue(assertInstanceOf(RolloutControl.Outcome.Forbidden.class, own)
                .reason()
                .contains("creator"));
        assertEquals("pendingApproval", control.get(id).orElseThrow().state());

        RolloutSummary approved = assertInstanceOf(RolloutControl.Outcome.Done.class, control.approve(id, BOB))
                .operation();
        assertEquals("scheduled", approved.state());
        assertEquals("approved", approved.approval().status());
        assertEquals(
                "Alice (11111111-1111-1111-1111-111111111111)",
                approved.approval().requestedBy());
        assertEquals("22222222-2222-2222-2222-222222222222", approved.approval().decidedById());
        assertEquals(T.toString(), approved.approval().decidedAt());
        ticker.tickAll();
        assertEquals(List.of("a", "b"), sent.stream().sorted().toList());

        List<AuditRecord> approvals = records(id).stream()
                .filter(r -> r.action().equals("ApproveOperation"))
                .toList();
        assertEquals(
                List.of(AuditOutcome.SUCCEEDED, AuditOutcome.PENDING, AuditOutcome.DENIED, AuditOutcome.PENDING)
                        .stream()
                        .sorted()
                        .toList(),
                approvals.stream().map(AuditRecord::outcome).sorted().toList(),
                approvals.toString());
        AuditRecord denied = approvals.stream()
                .filter(r -> r.outcome() == AuditOutcome.DENIED)
                .findFirst()
                .orElseThrow();
        assertEquals("11111111-1111-1111-1111-111111111111", denied.actor().objectId());
        String report = control.snapshot(id)
                .map(dev.fleetops.core.rollout.service.report.RolloutReport::render)
                .orElseThrow();
        assertTrue(report.contains("approved by Bob (22222222-2222-2222-2222-222222222222)"), report);
    }

    @Test
    void aRejectionIsAuditedWithItsReason() {
        String id = createdId(TWO_RESETS, null, ALICE);
        RolloutSummary rejected = assertInstanceOf(
                        RolloutControl.Outcome.Done.class,
                        control.reject(id, "not during the sale", as(BOB, "RejectOperation")))
                .operation();
        assertEquals("rejected", rejected.state());
        assertEquals("not during the sale", rejected.approval().reason());
        assertEquals(2L, rejected.counts().get("canceled"));
        assertTrue(records(id).stream()
                .anyMatch(r -> r.action().equals("RejectOperation") && r.outcome() == AuditOutcome.SUCCEEDED));
        assertInstanceOf(
                RolloutControl.Outcome.Refused.class, control.approve(id, BOB), "a rejected operation stays rejected");
    }

    @Test
    void operatorCommandsAndRetryRefusalsAreAudited() {
        String id = createdId(ONE_REBOOT, null, ALICE);
        assertInstanceOf(
                RolloutControl.Outcome.Done.class,
                bobRuns(control, id, RolloutControl.Command.PAUSE, "PauseOperation", ALLOWED));
        assertInstanceOf(
                RolloutControl.Outcome.Refused.class,
                bobRuns(control, id, RolloutControl.Command.PAUSE, "PauseOperation", ALLOWED));
        assertInstanceOf(
                RolloutControl.Outcome.Forbidden.class,
                bobRuns(
                        control,
                        id,
                        RolloutControl.Command.RETRY_FAILED,
                        "RetryFailedOperation",
                        new AccessDecision.Forbidden(Role.ADMIN, "too big")));
        List<AuditOutcome> pauses = records(id).stream()
                .filter(r -> r.action().equals("PauseOperation"))
                .map(AuditRecord::outcome)
                .sorted()
                .toList();
        assertEquals(
                List.of(AuditOutcome.PENDING, AuditOutcome.PENDING, AuditOutcome.SUCCEEDED, AuditOutcome.REFUSED)
                        .stream()
                        .sorted()
                        .toList(),
                pauses);
        assertEquals(
                List.of(AuditOutcome.DENIED),
                records(id).stream()
                        .filter(r -> r.action().equals("RetryFailedOperation"))
                        .map(AuditRecord::outcome)
                        .toList(),
                "a denial is one record: nothing was attempted");
    }

    @Test
    void commandsByLabelOnlyStillWork() {
        String id = createdId(ONE_REBOOT, null, ALICE);
        for (RolloutControl.Command c : List.of(
                RolloutControl.Command.RETRY_FAILED,
                RolloutControl.Command.CANCEL_DEVICE,
                RolloutControl.Command.CANCEL)) {
            RolloutControl.Outcome o = control.apply(id, c, "a", "tool");
            assertTrue(!(o instanceof RolloutControl.Outcome.Forbidden), c + " " + o);
        }
        assertEquals("canceled", control.get(id).orElseThrow().state());
    }

    @Test
    void anIntentThatCannotBeRecordedStopsTheCommand() {
        String id = createdId(ONE_REBOOT, null, ALICE);
        RolloutControl broken = new RolloutControl(
                store,
                CLOCK,
                new Auditor(
                        new dev.fleetops.core.audit.AuditLog() {
                            @Override
                            public void append(AuditRecord record) {
                                throw new IllegalStateException("audit storage down");
                            }

                            @Override
                            public dev.fleetops.core.audit.AuditPage query(AuditQuery query) {
                                throw new UnsupportedOperationException();
                            }
                        },
                        CLOCK));
        org.junit.jupiter.api.Assertions.assertThrows(
                dev.fleetops.core.audit.AuditUnavailableException.class,
                () -> bobRuns(broken, id, RolloutControl.Command.CANCEL, "CancelOperation", ALLOWED));
        assertEquals("scheduled", control.get(id).orElseThrow().state(), "no action without its record");
    }

    @Test
    void aSingleRebootNeedsNoApproval() {
        JsonObject body = StrictJson.parseObject(ONE_REBOOT);
        assertEquals(
                "scheduled",
                assertInstanceOf(
                                CreateOutcome.Created.class,
                                service.create(body, null, ALICE, scope -> new AccessDecision.Allowed()))
                        .rollout()
                        .rollout()
                        .state()
                        .wireName(),
                "one reboot needs no approval");
    }
}
