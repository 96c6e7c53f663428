package dev.fleetops.device.agent;

import static dev.fleetops.device.support.AgentHarness.ackResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.DiagnosticsUpload;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.transport.MethodResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fourth action on the device: {@link DiagnosticsUpload} (the contract's test code) with the one handler
 * below, registered next to FleetOps' own. The agent answers it, refuses a second request while it runs,
 * answers a repeated id as a duplicate, persists and reports each step, ends it when it fails unexpectedly
 * and recovers it after a restart, all without a change to the agent (docs/contract.md, "Adding an action").
 */
class AFourthActionTest {
    private static final Action<DiagnosticsUpload.Request, DiagnosticsUpload.Report> DIAGNOSTICS =
            DiagnosticsUpload.ACTION;
    private static final String URI = "https://h/upload?sig=secret";

    @TempDir
    Path dir;

    /** The whole device side of the new action: collect, upload, report. */
    static class DiagnosticsHandler implements ActionHandler<DiagnosticsUpload.Request> {
        @Override
        public Action<DiagnosticsUpload.Request, ?> action() {
            return DIAGNOSTICS;
        }

        @Override
        public Decision admit(DeviceState state, DiagnosticsUpload.Request request, String now) {
            return new Decision.Accept(
                    Operation.started(
                            request.operationId(), DIAGNOSTICS, DiagnosticsUpload.Status.COLLECTING.wireName(), now),
                    request);
        }

        @Override
        public void run(ActionContext ctx, Operation op, DiagnosticsUpload.Request request) {
            step(ctx, DiagnosticsUpload.Status.COLLECTING, null);
            step(ctx, DiagnosticsUpload.Status.UPLOADING, null);
            if (request.uploadUri().contains("broken")) {
                throw new IllegalStateException("the upload server hung up");
            }
            step(ctx, DiagnosticsUpload.Status.UPLOADED, 4096L);
        }

        @Override
        public void fail(ActionContext ctx, ErrorInfo error) {
            ActionHandler.endCurrent(
                    ctx,
                    DiagnosticsUpload.Status.FAILED,
                    error,
                    (s, op) -> report(op, DiagnosticsUpload.Status.FAILED, null));
        }

        private static void step(ActionContext ctx, DiagnosticsUpload.Status status, Long bytes) {
            String now = ctx.now();
            ctx.commit(
                    s -> {
                        Operation next = s.current().step(status.wireName(), now);
                        DeviceState withOp =
                                s.withCurrent(next).withReports(s.reports().with(report(next, status, bytes)));
                        return status.isTerminal() ? withOp.finish(status.wireName(), now) : withOp;
                    },
                    s -> DmReported.sectionPatch(s.reports().get(DIAGNOSTICS)));
        }

        private static DiagnosticsUpload.Report report(Operation op, DiagnosticsUpload.Status status, Long bytes) {
            return new DiagnosticsUpload.Report(
                    status, op.operationId(), bytes, op.startedAt(), op.updatedAt(), op.error());
        }
    }

    private AgentHarness device() {
        return new AgentHarness(dir).handlers(ActionHandlers.STANDARD.with(new DiagnosticsHandler()));
    }

    @Test
    void theAgentAnswersRunsPersistsAndReportsTheNewAction() throws Exception {
        try (AgentHarness h = device()) {
            h.start();
            MethodResult r = h.call("diagnosticsUpload", "{\"operationId\":\"d-1\",\"uploadUri\":\"" + URI + "\"}");
            h.idle();
            assertEquals(MethodStatus.ACCEPTED, r.status());
            assertEquals("accepted", ackResult(r));
            assertEquals(List.of("collecting", "uploading", "uploaded"), h.hub.steps("diagnosticsUpload"));
            JsonObject section = h.hub.reportedDm("diagnosticsUpload");
            assertEquals(4096, section.get("bundleBytes").getAsLong());
            assertTrue(!section.toString().contains("secret"), "the upload URI is never reported");

            DeviceState s = h.onDisk();
            assertNull(s.current());
            assertEquals("uploaded", s.finished("d-1").orElseThrow().status());
            assertTrue(
                    s.audit().stream().anyMatch(a -> a.event().equals("diagnosticsUpload accepted (d-1)")),
                    s.audit().toString());

            MethodResult again = h.call("diagnosticsUpload", "{\"operationId\":\"d-1\",\"uploadUri\":\"" + URI + "\"}");
            assertEquals(MethodStatus.NO_NEW_OPERATION, again.status());
            assertEquals("duplicate", ackResult(again));
            assertEquals(
                    MethodStatus.BAD_REQUEST,
                    h.call("diagnosticsUpload", "{\"uploadUri\":\"http://h/u\"}")
                            .status());
            assertEquals(
                    MethodStatus.BAD_REQUEST, h.call("selfDestruct", "{}").status(), "unknown methods stay unknown");
        }
    }

    @Test
    void anUnexpectedErrorEndsItInItsFailureStatus() throws Exception {
        try (AgentHarness h = device()) {
            h.start();
            assertEquals(
                    MethodStatus.ACCEPTED,
                    h.call("diagnosticsUpload", "{\"operationId\":\"d-2\",\"uploadUri\":\"https://broken/u\"}")
                            .status());
            h.idle();
            assertEquals(List.of("collecting", "uploading", "failed"), h.hub.steps("diagnosticsUpload"));
            DiagnosticsUpload.Report report = h.onDisk().reports().get(DIAGNOSTICS);
            assertEquals("internalError", report.error().code());
            assertNull(h.onDisk().current(), "the device is free for the next operation");
        }
    }

    @Test
    void anOperationInterruptedByARestartEndsFailedAsInterrupted() throws Exception {
        try (AgentHarness h = device()) {
            h.store.save(DeviceState.factory(AgentHarness.FACTORY_VERSION)
                    .withCurrent(Operation.started("d-3", DIAGNOSTICS, "uploading", "2026-01-01T00:00:00.000Z")));
            h.start();
            DiagnosticsUpload.Report report = h.onDisk().reports().get(DIAGNOSTICS);
            assertEquals(DiagnosticsUpload.Status.FAILED, report.status());
            assertEquals("interrupted", report.error().code());
            assertEquals("failed", h.onDisk().finished("d-3").orElseThrow().status());
            assertEquals(List.of("failed"), h.hub.steps("diagnosticsUpload"));
        }
    }

    @Test
    void whileItRunsOtherRequestsAreBusy() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        ActionHandler<DiagnosticsUpload.Request> slow = new DiagnosticsHandler() {
            @Override
            public void run(ActionContext ctx, Operation op, DiagnosticsUpload.Request request) {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                super.run(ctx, op, request);
            }
        };
        try (AgentHarness h = new AgentHarness(dir).handlers(ActionHandlers.STANDARD.with(slow))) {
            h.start();
            h.call("diagnosticsUpload", "{\"operationId\":\"d-4\",\"uploadUri\":\"" + URI + "\"}");
            assertTrue(running.await(5, java.util.concurrent.TimeUnit.SECONDS));
            MethodResult busy = h.call("reboot", "{\"operationId\":\"r-1\"}");
            assertEquals(MethodStatus.BUSY, busy.status());
            assertEquals(
                    "d-4",
                    ((JsonObject) busy.payload()).get("runningOperationId").getAsString());
            release.countDown();
            h.idle();
            assertEquals("uploaded", h.onDisk().finished("d-4").orElseThrow().status());
        }
    }

    /**
     * The agent's generic code (receiving methods, deciding, running, recovering, persisting, re-publishing)
     * names no single action: only each action's own handler and step machine do, plus the registration.
     */
    @Test
    void onlyEachActionsOwnCodeNamesIt() throws IOException {
        Set<String> perAction = Set.of(
                "action/RebootAction.java",
                "action/FactoryResetAction.java",
                "action/FirmwareUpdateAction.java",
                "action/PostUpdateWatch.java", // firmware's post-update health watch
                "agent/RebootHandler.java",
                "agent/FactoryResetHandler.java",
                "agent/FirmwareUpdateHandler.java",
                "agent/ActionHandlers.java", // the registration: one line per action
                "action/ManualRollback.java",
                "action/Reboots.java", // the reboot of reboots and firmware updates, by handler or simulated
                "handler/Step.java", // the handler contract's steps, among them reboot and factory-reset
                "action/Downloader.java",
                "manifest/ManifestCli.java", // firmware's rollback, download, signing
                "agent/DesiredConvergence.java", // desired goals for firmware updates and reboots
                "state/Operation.java"); // the fields and factories of the first three actions
        Pattern specific = Pattern.compile(
                "\\b(REBOOT|FACTORY_RESET|FIRMWARE_UPDATE|(Reboot|FactoryReset|FirmwareUpdate)(Request|Report|Status|Action|Handler))\\b");
        Path root = Path.of("src/main/java/dev/fleetops/device");
        Set<String> offenders = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                if (!perAction.contains(name)
                        && specific.matcher(Files.readString(f)).find()) {
                    offenders.add(name);
                }
            }
        }
        assertEquals(Set.of(), offenders);
    }
}
