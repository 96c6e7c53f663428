package dev.fleetops.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditLog;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditPage;
import dev.fleetops.core.audit.AuditQuery;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.AuditUnavailableException;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.audit.InMemoryAuditLog;
import dev.fleetops.core.audit.RequestIds;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A single-device action is audited: its intent is stored before the device is called, its outcome after. */
class DeviceActionAuditTest {
    private static final AuditContext ADA = new AuditContext(
            new AuditActor("11111111-1111-1111-1111-111111111111", "Ada", "user", List.of("FleetOps.Admin")),
            new RequestIds("inv-7", "req-7", null),
            "FactoryReset",
            null);

    private final InMemoryAuditLog log = new InMemoryAuditLog();
    private final List<String> invoked = new ArrayList<>();

    @Test
    void theIntentIsStoredBeforeTheDeviceIsCalledAndTheOutcomeAfter() {
        DeviceActionService service = new DeviceActionService(
                (d, m, p) -> {
                    assertEquals(
                            List.of(AuditOutcome.PENDING),
                            log.all().stream().map(AuditRecord::outcome).toList(),
                            "intent first");
                    invoked.add(d);
                    return new MethodAnswer(202, StrictJson.GSON.toJsonTree(MethodAck.accepted("x", "accepted")));
                },
                Clock.systemUTC(),
                new Auditor(log, Clock.systemUTC()));
        ActionOutcome o =
                service.start(Action.FACTORY_RESET, "dev-1", StrictJson.parse("{\"operationId\":\"reset-1\"}"), ADA);
        assertInstanceOf(ActionOutcome.Accepted.class, o);
        assertEquals(List.of("dev-1"), invoked);
        List<AuditRecord> all = log.all();
        assertEquals(2, all.size());
        AuditRecord intent =
                all.stream().filter(r -> r.intentId() == null).findFirst().orElseThrow();
        AuditRecord outcome =
                all.stream().filter(r -> r.intentId() != null).findFirst().orElseThrow();
        assertEquals(AuditOutcome.SUCCEEDED, outcome.outcome());
        assertEquals(intent.id(), outcome.intentId());
        assertEquals("dev-1", outcome.target().deviceId());
        assertEquals("reset-1", outcome.target().operationId());
        assertEquals("FactoryReset", outcome.action());
        assertEquals("req-7", outcome.request().clientRequestId());
    }

    @Test
    void whenTheIntentCannotBeStoredTheDeviceIsNeverCalled() {
        AuditLog down = new AuditLog() {
            @Override
            public void append(AuditRecord record) {
                throw new IllegalStateException("table storage down");
            }

            @Override
            public AuditPage query(AuditQuery query) {
                throw new UnsupportedOperationException();
            }
        };
        DeviceActionService service = new DeviceActionService(
                (d, m, p) -> {
                    invoked.add(d);
                    return new MethodAnswer(202, StrictJson.GSON.toJsonTree(MethodAck.accepted("x", "accepted")));
                },
                Clock.systemUTC(),
                new Auditor(down, Clock.systemUTC()));
        assertThrows(AuditUnavailableException.class, () -> service.start(Action.REBOOT, "dev-1", null, ADA));
        assertTrue(invoked.isEmpty());
    }

    @Test
    void anInvalidRequestIsNotAnActionAndWritesNothing() {
        DeviceActionService service = new DeviceActionService(
                (d, m, p) -> {
                    throw new AssertionError("not called");
                },
                Clock.systemUTC(),
                new Auditor(log, Clock.systemUTC()));
        assertInstanceOf(ActionOutcome.InvalidRequest.class, service.start(Action.REBOOT, "bad/id", null, ADA));
        assertTrue(log.all().isEmpty());
    }

    @Test
    void outcomesSayWhetherTheActionTookEffect() {
        assertEquals(
                AuditOutcome.UNKNOWN,
                outcomeOf(HubFailure.of(HubFailure.Kind.DEVICE_TIMEOUT, "no answer")),
                "it may have started");
        assertEquals(AuditOutcome.FAILED, outcomeOf(HubFailure.of(HubFailure.Kind.DEVICE_OFFLINE, "offline")));
        DeviceActionService refusing = new DeviceActionService(
                (d, m, p) -> new MethodAnswer(
                        409,
                        StrictJson.parse(
                                "{\"result\":\"rejected\",\"message\":\"busy\",\"runningOperationId\":\"other\"}")),
                Clock.systemUTC(),
                new Auditor(log, Clock.systemUTC()));
        refusing.start(Action.REBOOT, "dev-2", null, ADA);
        assertEquals(
                AuditOutcome.REFUSED,
                log.all().stream()
                        .filter(r -> r.intentId() != null)
                        .findFirst()
                        .orElseThrow()
                        .outcome());
    }

    private AuditOutcome outcomeOf(HubFailure failure) {
        InMemoryAuditLog own = new InMemoryAuditLog();
        new DeviceActionService((d, m, p) -> failure, Clock.systemUTC(), new Auditor(own, Clock.systemUTC()))
                .start(Action.REBOOT, "dev-1", null, ADA);
        return own.all().stream()
                .filter(r -> r.intentId() != null)
                .findFirst()
                .orElseThrow()
                .outcome();
    }
}
