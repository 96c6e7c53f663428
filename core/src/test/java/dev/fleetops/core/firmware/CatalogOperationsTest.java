package dev.fleetops.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.device.ActionOutcome;
import dev.fleetops.core.device.DeviceActionService;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.service.ApprovalPolicy;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutPackageUsage;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.rollout.service.RolloutService.CreateOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operations and single-device updates that name a catalog version, and deleting a version they send. */
class CatalogOperationsTest {
    private static final String SHA = "ab".repeat(32);
    private final Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final InMemoryCatalog store = new InMemoryCatalog();
    private final InMemoryRolloutStore rollouts = new InMemoryRolloutStore();
    private final FirmwareCatalogService catalog = new FirmwareCatalogService(
            store,
            store,
            new RolloutPackageUsage(rollouts),
            new CatalogSettings(1 << 20, Duration.ofMinutes(30), Duration.ofMinutes(60)),
            clock,
            Auditor.NONE);
    private final RolloutService operations =
            new RolloutService(rollouts, clock, Auditor.NONE, ApprovalPolicy.OFF, null, catalog);
    private final AuditContext who = AuditContext.named("t", "Firmware");

    @BeforeEach
    void aReadyVersion() {
        catalog.register(StrictJson.parse("{\"name\":\"n\",\"version\":\"2.1.0\"}"), who);
        store.stored.put("2.1.0/package.bin", new Measurement.Measured(640, SHA));
        assertInstanceOf(FirmwareCatalogService.Completion.Ready.class, catalog.complete("2.1.0", who));
    }

    private CreateOutcome create(String firmware) {
        return operations.create(
                StrictJson.parseObject("{\"action\":\"firmwareUpdate\",\"firmware\":" + firmware
                        + ",\"target\":{\"deviceIds\":[\"d1\",\"d2\"]}}"),
                null,
                "t");
    }

    @Test
    void anOperationNamingAVersionStoresWhatItStandsForWithoutACredential() {
        JsonObject payload = assertInstanceOf(CreateOutcome.Created.class, create("{\"catalogVersion\":\"2.1.0\"}"))
                .rollout()
                .actionPayload();
        assertEquals(
                store.plainUrl("2.1.0/package.bin"), payload.get("packageUri").getAsString());
        assertEquals(SHA, payload.get("sha256").getAsString());
        assertEquals(640, payload.get("sizeBytes").getAsLong());
        assertEquals("2.1.0", payload.get("version").getAsString());
    }

    @Test
    void aPreviewResolvesTheVersionAsCreateDoes() {
        JsonObject body = StrictJson.parseObject("{\"action\":\"firmwareUpdate\",\"firmware\":{\"catalogVersion\":"
                + "\"2.1.0\"},\"target\":{\"deviceIds\":[\"d1\",\"d2\"]}}");
        RolloutService.PreviewOutcome.Ready ready =
                assertInstanceOf(RolloutService.PreviewOutcome.Ready.class, operations.preview(body));
        assertEquals(2, ready.preview().deviceCount());
        body.getAsJsonObject("firmware").addProperty("catalogVersion", "9.9.9");
        RolloutService.PreviewOutcome.Invalid unknown =
                assertInstanceOf(RolloutService.PreviewOutcome.Invalid.class, operations.preview(body));
        assertEquals("firmware.catalogVersion", unknown.errors().get(0).field());
    }

    @Test
    void aVersionThatIsNotReadyIsRefusedNamingTheField() {
        catalog.register(StrictJson.parse("{\"name\":\"n\",\"version\":\"3.0.0\"}"), who);
        CreateOutcome.Invalid bad =
                assertInstanceOf(CreateOutcome.Invalid.class, create("{\"catalogVersion\":\"3.0.0\"}"));
        assertEquals("firmware.catalogVersion", bad.errors().get(0).field());
        assertTrue(rollouts.list(10).isEmpty(), "nothing stored");
    }

    @Test
    void aVersionIsHeldUntilTheOperationsSendingItAreFinished() {
        String id = assertInstanceOf(CreateOutcome.Created.class, create("{\"catalogVersion\":\"2.1.0\"}"))
                .rollout()
                .rollout()
                .id();
        assertInstanceOf(
                CreateOutcome.Created.class,
                create("{\"version\":\"x\",\"packageUri\":\"https://cdn.example/x\"," + "\"sha256\":\"" + SHA + "\"}"));
        FirmwareCatalogService.Deletion.InUse inUse =
                assertInstanceOf(FirmwareCatalogService.Deletion.InUse.class, catalog.delete("2.1.0", who));
        assertEquals(List.of(id), inUse.operationIds(), "only the operation that sends it");
        new RolloutControl(rollouts, clock).apply(id, RolloutControl.Command.CANCEL, null, "t");
        assertInstanceOf(FirmwareCatalogService.Deletion.Deleted.class, catalog.delete("2.1.0", who));
    }

    @Test
    void aSingleDeviceUpdateNamingAVersionGetsAShortLivedLinkForThatCallOnly() {
        List<JsonObject> sent = new ArrayList<>();
        DeviceActionService devices = new DeviceActionService(
                (d, m, p) -> {
                    sent.add(p.getAsJsonObject());
                    return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
                },
                clock,
                Auditor.NONE,
                catalog);
        assertInstanceOf(
                ActionOutcome.Acknowledged.class,
                devices.start(
                        Action.FIRMWARE_UPDATE,
                        "d1",
                        StrictJson.parse("{\"catalogVersion\":\"2.1.0\",\"operationId\":\"op-9\"}")));
        JsonObject p = sent.get(0);
        assertEquals(
                store.plainUrl("2.1.0/package.bin") + "?sp=r&se=" + now.plus(Duration.ofMinutes(60)),
                p.get("packageUri").getAsString());
        assertEquals("op-9", p.get("operationId").getAsString());
        assertEquals(SHA, p.get("sha256").getAsString());
        ActionOutcome.InvalidRequest bad = assertInstanceOf(
                ActionOutcome.InvalidRequest.class,
                devices.start(Action.FIRMWARE_UPDATE, "d1", StrictJson.parse("{\"catalogVersion\":\"9.9.9\"}")));
        assertEquals("catalogVersion", bad.errors().get(0).field());
    }

    @Test
    void aCatalogVersionTakesAnInstallWindowAndTheTimeoutAllowsForTheWait() {
        dev.fleetops.core.rollout.service.StoredRollout r = assertInstanceOf(
                        CreateOutcome.Created.class,
                        create("{\"catalogVersion\":\"2.1.0\",\"installWindow\":{\"start\":\"02:00\","
                                + "\"durationMinutes\":120,\"timeZone\":\"device\"}}"))
                .rollout();
        assertEquals(
                "device",
                r.actionPayload()
                        .getAsJsonObject("installWindow")
                        .get("timeZone")
                        .getAsString());
        assertEquals(
                Duration.ofMinutes(60).plus(dev.fleetops.core.rollout.service.RolloutRequest.INSTALL_WAIT_ALLOWANCE),
                r.rollout().config().perDeviceTimeout());
        CreateOutcome.Invalid bad = assertInstanceOf(
                CreateOutcome.Invalid.class,
                create("{\"catalogVersion\":\"2.1.0\",\"installWindow\":{\"start\":\"02:00\","
                        + "\"durationMinutes\":120,\"timeZone\":\"+01:00\"}}"));
        assertEquals("firmware.installWindow.timeZone", bad.errors().get(0).field());
    }
}
