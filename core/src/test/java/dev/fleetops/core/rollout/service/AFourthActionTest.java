package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.DiagnosticsUpload;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.device.ActionOutcome;
import dev.fleetops.core.device.DeviceActionService;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.progress.ProgressQueries;
import dev.fleetops.core.progress.ProgressSettings;
import dev.fleetops.core.progress.ProgressSummarizer;
import dev.fleetops.core.progress.ProgressSummary;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.status.DeviceStatusService;
import dev.fleetops.core.status.OperationView;
import dev.fleetops.core.status.StatusOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fourth action, {@link DiagnosticsUpload} (defined in the contract's test code in one file, as a real one
 * would be in its main code), goes through every generic path of the back-end: a single-device call, the
 * device's answer, the status view, the progress summary and its queries, a rollout request and the
 * rollout's progress reading. None of them was changed for it; the last test keeps it that way by
 * holding core's production code to naming no action at all (docs/contract.md, "Adding an action").
 */
class AFourthActionTest {
    private static final Action<DiagnosticsUpload.Request, DiagnosticsUpload.Report> DIAGNOSTICS =
            DiagnosticsUpload.ACTION;
    private static final List<Action<?, ?>> ACTIONS = withDiagnostics();
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static List<Action<?, ?>> withDiagnostics() {
        List<Action<?, ?>> all = new ArrayList<>(Action.all());
        all.add(DIAGNOSTICS);
        return List.copyOf(all);
    }

    private static JsonObject twin(String deviceId, String section) {
        return StrictJson.parseObject("{\"deviceId\":\"" + deviceId + "\",\"properties\":{\"reported\":{\"iothubDM\":"
                + "{\"diagnosticsUpload\":" + section + "}}}}");
    }

    @Test
    void aSingleDeviceCallValidatesWithTheActionsParserAndReadsTheAnswerLikeAnyOther() {
        List<String> calls = new ArrayList<>();
        List<JsonElement> payloads = new ArrayList<>();
        DeviceActionService service = new DeviceActionService((deviceId, method, payload) -> {
            calls.add(deviceId + "/" + method);
            payloads.add(payload);
            return new MethodAnswer(
                    202, StrictJson.GSON.toJsonTree(MethodAck.accepted("x", "diagnosticsUpload accepted")));
        });
        ActionOutcome.InvalidRequest bad = assertInstanceOf(
                ActionOutcome.InvalidRequest.class,
                service.start(DIAGNOSTICS, "dev-1", StrictJson.parse("{\"uploadUri\":\"http://h/u\"}")));
        assertEquals(
                List.of("uploadUri"),
                bad.errors().stream().map(FieldError::field).toList());
        assertTrue(calls.isEmpty());

        ActionOutcome.Acknowledged s = assertInstanceOf(
                ActionOutcome.Acknowledged.class,
                service.start(DIAGNOSTICS, "dev-1", StrictJson.parse("{\"uploadUri\":\"https://h/u?sig=s\"}")));
        assertEquals(List.of("dev-1/diagnosticsUpload"), calls);
        assertEquals(
                s.operationId(),
                payloads.get(0).getAsJsonObject().get("operationId").getAsString());
        assertEquals(
                "https://h/u?sig=s",
                payloads.get(0).getAsJsonObject().get("uploadUri").getAsString());
        assertEquals(MethodAck.Result.ACCEPTED, s.result());
        assertEquals("diagnosticsUpload", s.action().methodName());
    }

    @Test
    void theStatusViewFindsTheOperationInTheNewSectionAndClassifiesItWithTheStatusEnum() {
        DeviceTwin t = new DeviceTwin(
                "dev-1",
                "Connected",
                null,
                twin(
                                "dev-1",
                                "{\"status\":\"failed\",\"operationId\":\"d-1\",\"error\":{\"code\":\"uploadRefused\",\"message\":\"403\"}}")
                        .getAsJsonObject("properties")
                        .getAsJsonObject("reported"));
        DeviceStatusService service = new DeviceStatusService(id -> t, ACTIONS);
        StatusOutcome.Found found = assertInstanceOf(StatusOutcome.Found.class, service.status("dev-1", "d-1"));
        OperationView op = found.status().operation();
        assertEquals("diagnosticsUpload", op.action());
        assertEquals("failed", op.status());
        assertTrue(op.terminal() && op.failed());
        assertEquals("uploadRefused", op.error().code());
        assertEquals(
                DiagnosticsUpload.Status.FAILED,
                found.status().section(DIAGNOSTICS).status());
    }

    @Test
    void progressSummariesCountQueryAndListTheNewSection() {
        assertEquals(
                "SELECT properties.reported.iothubDM.diagnosticsUpload.status AS status, COUNT() AS count FROM devices"
                        + " GROUP BY properties.reported.iothubDM.diagnosticsUpload.status",
                ProgressQueries.statusCounts(DIAGNOSTICS));
        assertTrue(
                ProgressQueries.failed(ACTIONS)
                        .contains("properties.reported.iothubDM.diagnosticsUpload.status IN ['failed']"),
                ProgressQueries.failed(ACTIONS));
        assertTrue(
                ProgressQueries.stuck(NOW, ACTIONS).contains("diagnosticsUpload.status IN ['collecting', 'uploading']"),
                ProgressQueries.stuck(NOW, ACTIONS));

        ProgressSummarizer summarizer =
                new ProgressSummarizer(new ProgressSettings(Duration.ofMinutes(30), 10, 100), ACTIONS);
        ProgressSummary s = summarizer.summarize(
                NOW,
                new ProgressSummarizer.Rows(
                        List.of(StrictJson.parseObject("{\"count\":3}")),
                        Map.of(DIAGNOSTICS, List.of(StrictJson.parseObject("{\"status\":\"uploaded\",\"count\":2}"))),
                        List.of(),
                        List.of(
                                twin(
                                        "slow",
                                        "{\"status\":\"uploading\",\"operationId\":\"d-2\",\"updatedAt\":\"2026-06-01T10:00:00.000Z\"}")),
                        List.of(
                                twin(
                                        "bad",
                                        "{\"status\":\"failed\",\"operationId\":\"d-3\",\"updatedAt\":\"2026-06-01T11:00:00.000Z\"}"))));
        assertEquals(Map.of("uploaded", 2L), s.statusCounts().get("diagnosticsUpload"));
        assertEquals("slow", s.stuck().get(0).deviceId());
        assertEquals("diagnosticsUpload", s.recentFailures().get(0).action());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRolloutTakesThePayloadFromTheActionsFieldAndReadsProgressFromItsSection() {
        Parsed<RolloutRequest> p = RolloutRequest.parse(StrictJson.parseObject("""
                {"action":"diagnosticsUpload","diagnostics":{"uploadUri":"https://h/u"},"target":{"deviceIds":["a","b","c"]}}"""), NOW, ACTIONS);
        RolloutRequest req = ((Parsed.Valid<RolloutRequest>) assertInstanceOf(Parsed.Valid.class, p)).value();
        assertEquals(DIAGNOSTICS, req.action());
        assertEquals("https://h/u", req.actionPayload().get("uploadUri").getAsString());
        Parsed<RolloutRequest> withId = RolloutRequest.parse(StrictJson.parseObject("""
                {"action":"diagnosticsUpload","diagnostics":{"uploadUri":"https://h/u","operationId":"mine"},
                 "target":{"deviceIds":["a"]}}"""), NOW, ACTIONS);
        assertEquals(
                List.of("diagnostics.operationId"),
                ((Parsed.Invalid<RolloutRequest>) withId)
                        .errors().stream().map(FieldError::field).toList());

        Map<String, JsonObject> twins = new HashMap<>();
        String at = Timestamps.format(NOW);
        twins.put("a", twin("a", "{\"status\":\"uploaded\",\"operationId\":\"r-1.a1\",\"updatedAt\":\"" + at + "\"}"));
        twins.put("b", twin("b", "{\"status\":\"failed\",\"operationId\":\"r-1.a1\",\"updatedAt\":\"" + at + "\"}"));
        twins.put("c", twin("c", "{\"status\":\"uploading\",\"operationId\":\"r-1.a2\",\"updatedAt\":\"" + at + "\"}"));
        ProgressReader reader = new ProgressReader(new ProgressTwins(twins), Duration.ofMinutes(2), 1000);
        ProgressReader.Reading r =
                reader.read("r-1", DIAGNOSTICS, null, new LinkedHashSet<>(List.of("a", "b", "c")), 1);
        assertEquals(ExecutionState.SUCCEEDED, r.observations().get("a").outcome());
        assertEquals(ExecutionState.FAILED, r.observations().get("b").outcome());
        assertEquals(ExecutionState.IN_PROGRESS, r.observations().get("c").outcome());
        assertEquals(2, r.observations().get("c").attempt());
    }

    /**
     * Core decides for every action alike, so its production code names none: no action constant and no
     * action's own request, report or status type. A switch over actions would have to.
     */
    @Test
    void coreProductionCodeNamesNoSingleAction() throws IOException {
        Pattern specific = Pattern.compile(
                "\\b(REBOOT|FACTORY_RESET|FIRMWARE_UPDATE|(Reboot|FactoryReset|FirmwareUpdate)(Request|Report|Status))\\b");
        Set<String> offenders = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            // The firmware catalog is about one action's packages by definition (core/firmware): it is the one
            // place that names the firmware update, and the services ask it which action it serves.
            for (Path f : files.filter(x -> x.toString().endsWith(".java"))
                    .filter(x -> !x.startsWith(Path.of("src/main/java/dev/fleetops/core/firmware")))
                    .toList()) {
                if (specific.matcher(Files.readString(f)).find()) {
                    offenders.add(f.toString());
                }
            }
        }
        assertEquals(Set.of(), offenders);
    }
}
