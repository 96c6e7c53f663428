package dev.fleetops.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every (from, to) pair of both state machines: the allowed ones succeed, every other one is refused with a typed error. */
class TransitionsTest {
    private static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    private static final RolloutConfig CONFIG = RolloutConfig.simple(10, Duration.ofMinutes(5));

    /** The tables as docs/rollouts.md shows them; a change to Transitions must change this test and the docs. */
    private static final Map<RolloutState, Set<RolloutState>> OPERATION = Map.of(
            RolloutState.PENDING_APPROVAL,
                    EnumSet.of(RolloutState.SCHEDULED, RolloutState.REJECTED, RolloutState.CANCELED),
            RolloutState.RESOLVING,
                    EnumSet.of(
                            RolloutState.PENDING_APPROVAL,
                            RolloutState.SCHEDULED,
                            RolloutState.ABORTED,
                            RolloutState.CANCELED),
            RolloutState.SCHEDULED, EnumSet.of(RolloutState.RUNNING, RolloutState.PAUSED, RolloutState.CANCELED),
            RolloutState.RUNNING,
                    EnumSet.of(
                            RolloutState.PAUSED, RolloutState.COMPLETED, RolloutState.CANCELED, RolloutState.ABORTED),
            RolloutState.PAUSED, EnumSet.of(RolloutState.RUNNING, RolloutState.SCHEDULED, RolloutState.CANCELED),
            RolloutState.COMPLETED, EnumSet.noneOf(RolloutState.class),
            RolloutState.CANCELED, EnumSet.noneOf(RolloutState.class),
            RolloutState.ABORTED, EnumSet.noneOf(RolloutState.class),
            RolloutState.REJECTED, EnumSet.noneOf(RolloutState.class));

    private static final Map<ExecutionState, Set<ExecutionState>> EXECUTION = Map.of(
            ExecutionState.QUEUED,
                    EnumSet.of(ExecutionState.IN_PROGRESS, ExecutionState.TIMED_OUT, ExecutionState.CANCELED),
            ExecutionState.IN_PROGRESS,
                    EnumSet.of(
                            ExecutionState.SUCCEEDED,
                            ExecutionState.FAILED,
                            ExecutionState.TIMED_OUT,
                            ExecutionState.REJECTED,
                            ExecutionState.REMOVED,
                            ExecutionState.QUEUED,
                            ExecutionState.CANCELED),
            ExecutionState.FAILED, EnumSet.of(ExecutionState.QUEUED),
            ExecutionState.TIMED_OUT, EnumSet.of(ExecutionState.QUEUED),
            // A success that did not hold while its wave soaked.
            ExecutionState.SUCCEEDED, EnumSet.of(ExecutionState.FAILED),
            ExecutionState.REJECTED, EnumSet.noneOf(ExecutionState.class),
            ExecutionState.CANCELED, EnumSet.noneOf(ExecutionState.class),
            ExecutionState.REMOVED, EnumSet.noneOf(ExecutionState.class));

    @Test
    void everyOperationPairIsAllowedExactlyWhenTheTableSaysSo() {
        int allowed = 0;
        for (RolloutState from : RolloutState.values()) {
            assertEquals(OPERATION.get(from), Transitions.next(from), "table row " + from);
            assertEquals(
                    from.isTerminal(),
                    Transitions.next(from).isEmpty(),
                    "finished operations are exactly those with no way out: " + from);
            for (RolloutState to : RolloutState.values()) {
                Rollout r = Rollout.restore("op", from, CONFIG, 0, T, T, null);
                if (OPERATION.get(from).contains(to)) {
                    assertTrue(Transitions.allows(from, to));
                    assertEquals(to, r.to(to, T.plusSeconds(1), null).state(), from + " → " + to);
                    allowed++;
                } else {
                    IllegalTransitionException e =
                            assertThrows(IllegalTransitionException.class, () -> r.to(to, T, null), from + " → " + to);
                    assertEquals(IllegalTransitionException.Machine.OPERATION, e.machine());
                    assertEquals(from, e.from());
                    assertEquals(to, e.to());
                }
            }
        }
        assertEquals(17, allowed);
    }

    @Test
    void everyExecutionPairIsAllowedExactlyWhenTheTableSaysSo() {
        // The one method that moves an execution to each state.
        Map<ExecutionState, Function<DeviceExecution, DeviceExecution>> moveTo = Map.of(
                ExecutionState.QUEUED, e -> e.requeue(QueueReason.RETRY_BACKOFF, T.plusSeconds(30), T, "again", null),
                ExecutionState.IN_PROGRESS, e -> e.start(T, "dispatching"),
                ExecutionState.SUCCEEDED, e -> e.finish(ExecutionState.SUCCEEDED, T, "ok", null),
                ExecutionState.FAILED, e -> e.finish(ExecutionState.FAILED, T, "failed", null),
                ExecutionState.TIMED_OUT, e -> e.finish(ExecutionState.TIMED_OUT, T, "timed out", null),
                ExecutionState.REJECTED, e -> e.finish(ExecutionState.REJECTED, T, "rejected", null),
                ExecutionState.CANCELED, e -> e.cancel(CancelReason.DEVICE_CANCELED, T, "bob"),
                ExecutionState.REMOVED, e -> e.finish(ExecutionState.REMOVED, T, "removed", null));
        int allowed = 0;
        for (ExecutionState from : ExecutionState.values()) {
            assertEquals(EXECUTION.get(from), Transitions.next(from), "table row " + from);
            for (ExecutionState to : ExecutionState.values()) {
                DeviceExecution e = DeviceExecution.restore("d", 0, from, 1, null, T, T, "x", null);
                if (EXECUTION.get(from).contains(to)) {
                    assertTrue(Transitions.allows(from, to));
                    assertEquals(to, moveTo.get(to).apply(e).state(), from + " → " + to);
                    allowed++;
                } else {
                    IllegalTransitionException x = assertThrows(
                            IllegalTransitionException.class,
                            () -> moveTo.get(to).apply(e),
                            from + " → " + to);
                    assertEquals(IllegalTransitionException.Machine.EXECUTION, x.machine());
                    assertEquals(from, x.from());
                    assertEquals(to, x.to());
                }
            }
        }
        assertEquals(13, allowed);
    }

    @Test
    void changesThatKeepTheStateApplyOnlyInTheirState() {
        for (ExecutionState s : ExecutionState.values()) {
            DeviceExecution e = DeviceExecution.restore("d", 0, s, 1, null, T, T, "x", null);
            if (s == ExecutionState.IN_PROGRESS) {
                assertEquals("downloading", e.progressed(T, "downloading").lastDetail());
                assertEquals(s, e.notAccepted(e, false).state());
            } else {
                assertThrows(IllegalTransitionException.class, () -> e.progressed(T, "downloading"), s.name());
                assertThrows(IllegalTransitionException.class, () -> e.notAccepted(e, true), s.name());
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> DeviceExecution.restore("d", 0, ExecutionState.IN_PROGRESS, 1, null, T, T, "x", null)
                        .finish(ExecutionState.CANCELED, T, "x", null),
                "canceling goes through cancel, with its reason");
    }

    @Test
    void reasonsBelongToTheirStates() {
        DeviceExecution queued = DeviceExecution.queued("d", 0, T);
        assertEquals(QueueReason.WAITING, queued.queueReason());
        DeviceExecution started = queued.start(T, "dispatching");
        assertEquals(null, started.queueReason());
        DeviceExecution canceled = started.cancel(CancelReason.OPERATION_CANCELED, T, "bob");
        assertEquals(CancelReason.OPERATION_CANCELED, canceled.cancelReason());
        assertEquals("operation canceled", canceled.lastDetail());
        assertEquals(
                null,
                DeviceExecution.restore(
                                "d",
                                0,
                                ExecutionState.FAILED,
                                1,
                                null,
                                T,
                                T,
                                "x",
                                null,
                                QueueReason.OFFLINE,
                                CancelReason.DEVICE_CANCELED)
                        .queueReason(),
                "a reason of another state is dropped");
    }

    @Test
    void rowsSavedBeforeReasonsExistedGetTheReasonThatVersionMeant() {
        assertEquals(
                QueueReason.OFFLINE,
                DeviceExecution.restore(
                                "d",
                                0,
                                ExecutionState.QUEUED,
                                0,
                                T,
                                null,
                                T,
                                "offline",
                                new dev.fleetops.contract.ErrorInfo("deviceOffline", "device offline; retrying"))
                        .queueReason());
        assertEquals(
                QueueReason.WAITING,
                DeviceExecution.restore(
                                "d",
                                0,
                                ExecutionState.QUEUED,
                                1,
                                T,
                                T,
                                T,
                                "failed; retrying",
                                new dev.fleetops.contract.ErrorInfo("x", "y"))
                        .queueReason());
        assertEquals(
                CancelReason.OPERATION_ABORTED,
                DeviceExecution.restore("d", 0, ExecutionState.CANCELED, 0, null, null, T, "operation aborted", null)
                        .cancelReason());
        assertEquals(
                CancelReason.OPERATION_CANCELED,
                DeviceExecution.restore("d", 0, ExecutionState.CANCELED, 0, null, null, T, "operation canceled", null)
                        .cancelReason());
        assertEquals(
                CancelReason.DEVICE_CANCELED,
                DeviceExecution.restore("d", 0, ExecutionState.CANCELED, 0, null, null, T, "canceled by bob", null)
                        .cancelReason());
        assertEquals(
                null,
                DeviceExecution.restore("d", 0, ExecutionState.CANCELED, 0, null, null, T, "???", null)
                        .cancelReason());
    }

    /**
     * The compiler keeps state changes inside core/rollout; this keeps it that way: no public
     * constructor, and the only public methods that return a new instance are the named factories.
     */
    @Test
    void outsideCoreRolloutNothingCanChangeAState() {
        assertOnlyFactories(DeviceExecution.class, Set.of("queued", "restore"));
        assertOnlyFactories(Rollout.class, Set.of("scheduled", "pendingApproval", "resolving", "restore"));
    }

    private static void assertOnlyFactories(Class<?> type, Set<String> factories) {
        assertTrue(
                Arrays.stream(type.getDeclaredConstructors())
                        .noneMatch(c -> Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())),
                type + " has a public constructor");
        List<String> producing = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()))
                .filter(m -> m.getReturnType() == type)
                .map(Method::getName)
                .distinct()
                .sorted()
                .toList();
        assertEquals(
                factories.stream().sorted().toList(), producing, type + ": public methods that make a new instance");
        assertTrue(Modifier.isFinal(type.getModifiers()), type + " must be final (a subclass could add transitions)");
    }
}
