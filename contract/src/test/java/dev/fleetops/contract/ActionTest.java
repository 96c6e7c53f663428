package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ActionTest {

    @Test
    void theWireNamesAndSectionsStayThoseOfTheTutorial() {
        assertEquals(
                List.of("reboot", "factoryReset", "firmwareUpdate"),
                Action.all().stream().map(Action::methodName).toList());
        for (Action<?, ?> a : Action.all()) {
            assertEquals(a.methodName(), a.reportedSection());
            assertSame(a, Action.fromMethodName(a.methodName()).orElseThrow());
        }
        assertTrue(Action.fromMethodName("rollback").isEmpty());
        assertEquals("reboot, factoryReset or firmwareUpdate", Action.describe(Action.all()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachActionParsesItsOwnPayloadIntoARequestThatNamesIt() {
        Parsed<FirmwareUpdateRequest> p = Action.FIRMWARE_UPDATE.parse(
                StrictJson.parse(
                        "{\"version\":\"2.0.0\",\"packageUri\":\"https://h/p\",\"sha256\":\"" + "A".repeat(64) + "\"}"),
                true);
        FirmwareUpdateRequest r =
                ((Parsed.Valid<FirmwareUpdateRequest>) assertInstanceOf(Parsed.Valid.class, p)).value();
        assertSame(Action.FIRMWARE_UPDATE, r.action());
        assertEquals("op-1", r.withOperationId("op-1").operationId());
        assertSame(Action.REBOOT, new RebootRequest(null, null).action());
        assertSame(Action.FACTORY_RESET, new FactoryResetRequest(null).action());
        assertInstanceOf(Parsed.Invalid.class, Action.REBOOT.parse(StrictJson.parse("{\"delaySeconds\":-1}"), false));
    }

    @Test
    void aStatusSaysItselfWhetherItIsFinalFailedOrSucceeded() {
        Set<String> successes = new TreeSet<>();
        Set<String> failures = new TreeSet<>();
        Set<String> running = new TreeSet<>();
        for (Action<?, ?> a : Action.all()) {
            for (ActionStatus s : a.statuses()) {
                String name = a.methodName() + "." + s.wireName();
                assertFalse(s.isSuccess() && s.isFailure(), name);
                assertEquals(
                        s.isTerminal(),
                        s.isSuccess() || s.isFailure(),
                        name + ": a final status is a success or a failure");
                (s.isSuccess() ? successes : s.isFailure() ? failures : running).add(name);
            }
        }
        assertEquals(
                Set.of(
                        "reboot.completed",
                        "factoryReset.completed",
                        "firmwareUpdate.applyComplete",
                        "firmwareUpdate.current"),
                successes);
        assertEquals(
                Set.of(
                        "reboot.failed",
                        "factoryReset.failed",
                        "firmwareUpdate.downloadFailed",
                        "firmwareUpdate.verifyFailed",
                        "firmwareUpdate.applyFailed",
                        "firmwareUpdate.rolledBack"),
                failures);
        assertTrue(running.contains("firmwareUpdate.downloading"));
        assertEquals(
                FirmwareUpdateStatus.CURRENT,
                Action.FIRMWARE_UPDATE.status("current").orElseThrow());
        assertTrue(Action.REBOOT.status("current").isEmpty());
    }

    @Test
    void onlyActionsWithARolloutPayloadFieldTakeOneAndOnlyFirmwareHasADesiredGoal() {
        assertEquals("reboot", Action.REBOOT.rolloutPayload().orElseThrow());
        assertTrue(Action.FACTORY_RESET.rolloutPayload().isEmpty());
        assertEquals("firmware", Action.FIRMWARE_UPDATE.rolloutPayload().orElseThrow());
        assertEquals("firmware", Action.FIRMWARE_UPDATE.desiredGoal().orElseThrow());
        assertTrue(Action.REBOOT.desiredGoal().isEmpty());
    }

    @Test
    void reportsNameTheirActionSoAPatchFindsItsSection() {
        JsonObject patch =
                DmReported.sectionPatch(new RebootReport(RebootStatus.REBOOTING, "r-1", null, 3L, "t", "t", null));
        assertEquals(
                "rebooting",
                patch.getAsJsonObject("iothubDM")
                        .getAsJsonObject("reboot")
                        .get("status")
                        .getAsString());
        RebootReport back = DmReported.fromReported(patch).section(Action.REBOOT);
        assertEquals(RebootStatus.REBOOTING, back.status());
        assertEquals(3L, back.bootCount());
    }

    record Holder(Action<?, ?> action) {}

    @Test
    void anActionIsPersistedUnderItsConstantNameAsDeviceStateFilesAlwaysHeldIt() {
        Gson gson = new Gson();
        assertEquals("{\"action\":\"FIRMWARE_UPDATE\"}", gson.toJson(new Holder(Action.FIRMWARE_UPDATE)));
        assertSame(
                Action.FIRMWARE_UPDATE,
                gson.fromJson("{\"action\":\"FIRMWARE_UPDATE\"}", Holder.class).action());
        assertSame(
                Action.FACTORY_RESET,
                gson.fromJson("{\"action\":\"factoryReset\"}", Holder.class).action());
        assertThrows(JsonParseException.class, () -> gson.fromJson("{\"action\":\"SELF_DESTRUCT\"}", Holder.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFourthActionDefinedInOneFileParsesReportsAndIsReadLikeTheOthers() {
        Action<DiagnosticsUpload.Request, DiagnosticsUpload.Report> d = DiagnosticsUpload.ACTION;
        Parsed.Invalid<DiagnosticsUpload.Request> bad = (Parsed.Invalid<DiagnosticsUpload.Request>) assertInstanceOf(
                Parsed.Invalid.class, d.parse(StrictJson.parse("{\"uploadUri\":\"http://h/u\",\"extra\":1}"), true));
        assertEquals(
                List.of("extra", "uploadUri"),
                bad.errors().stream().map(FieldError::field).sorted().toList());
        DiagnosticsUpload.Request r = ((Parsed.Valid<DiagnosticsUpload.Request>)
                        d.parse(StrictJson.parse("{\"uploadUri\":\"https://h/u?sig=s\"}"), true))
                .value();
        assertSame(d, r.withOperationId("x").action());

        JsonObject patch = DmReported.sectionPatch(
                new DiagnosticsUpload.Report(DiagnosticsUpload.Status.UPLOADED, "op-4", 2048L, "t0", "t1", null));
        JsonObject section = patch.getAsJsonObject("iothubDM").getAsJsonObject("diagnosticsUpload");
        assertEquals("uploaded", section.get("status").getAsString());
        assertTrue(section.get("error").isJsonNull(), "patches clear stale fields for a new action too");
        DiagnosticsUpload.Report back = DmReported.fromReported(patch).section(d);
        assertEquals(2048L, back.bundleBytes());
        assertTrue(back.status().isSuccess());
        assertTrue(Action.fromMethodName("diagnosticsUpload").isEmpty(), "defined in a test, so not one of all()");
    }

    @Test
    void methodNamesMustBePlainIdentifiersBecauseTheyBecomeQueryPaths() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Action.define("X", "x' OR 1=1", RebootRequest::parse, RebootReport.class, RebootStatus.values()));
    }
}
