package dev.fleetops.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.audit.AuditContext;
import dev.fleetops.core.audit.AuditOutcome;
import dev.fleetops.core.audit.AuditRecord;
import dev.fleetops.core.audit.Auditor;
import dev.fleetops.core.audit.InMemoryAuditLog;
import dev.fleetops.core.firmware.FirmwareCatalogService.Completion;
import dev.fleetops.core.firmware.FirmwareCatalogService.Deletion;
import dev.fleetops.core.firmware.FirmwareCatalogService.Registration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirmwareCatalogServiceTest {
    private static final String SHA = "ab".repeat(32);
    private final Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final InMemoryCatalog store = new InMemoryCatalog();
    private final List<String> inUse = new ArrayList<>();
    private final InMemoryAuditLog auditLog = new InMemoryAuditLog();
    private final FirmwareCatalogService service = new FirmwareCatalogService(
            store,
            store,
            uri -> uri.equals(store.plainUrl("2.1.0/package.bin")) ? List.copyOf(inUse) : List.of(),
            new CatalogSettings(1000, Duration.ofMinutes(30), Duration.ofMinutes(60)),
            Clock.fixed(now, ZoneOffset.UTC),
            new Auditor(auditLog, Clock.fixed(now, ZoneOffset.UTC)));
    private final AuditContext who = AuditContext.named("operator-1", "RegisterFirmware");

    private Registration register(String json) {
        return service.register(StrictJson.parse(json), who);
    }

    @Test
    void registeringGivesAWriteLinkToExactlyTheVersionsBlobValidForTheUploadWindow() {
        Registration.Registered r = assertInstanceOf(
                Registration.Registered.class, register("{\"name\":\"gateway image\",\"version\":\"2.1.0\"}"));
        assertEquals(FirmwareState.REGISTERED, r.entry().state());
        assertEquals("2.1.0/package.bin", r.entry().blobName());
        assertEquals(now.plus(Duration.ofMinutes(30)), r.uploadExpiresAt());
        assertEquals(store.uploadLink("2.1.0/package.bin", r.uploadExpiresAt()), r.uploadUrl());
        assertEquals("operator-1", r.entry().registeredBy());
    }

    @Test
    void badRegistrationsNameEachField() {
        Registration.Invalid bad = assertInstanceOf(
                Registration.Invalid.class,
                register("{\"version\":\"../x\",\"securityVersion\":3,\"signature\":\"AAAA\",\"extra\":1}"));
        List<String> fields = bad.errors().stream().map(FieldError::field).toList();
        assertTrue(fields.contains("name"), fields.toString());
        assertTrue(fields.contains("version"), fields.toString());
        assertTrue(fields.contains("extra"), fields.toString());
        assertTrue(fields.contains("manifestExpiresAt"), fields.toString());
        assertTrue(fields.contains("sha256"), "a signature needs the hash it covers: " + fields);
    }

    @Test
    void anAnnouncedSizeAboveTheCatalogsLimitIsRefusedBeforeAnythingIsWritten() {
        Registration.Invalid bad = assertInstanceOf(
                Registration.Invalid.class, register("{\"name\":\"n\",\"version\":\"2.1.0\",\"sizeBytes\":1001}"));
        assertEquals("sizeBytes", bad.errors().get(0).field());
        assertTrue(store.entries.isEmpty());
    }

    @Test
    void theSameRegistrationAgainGetsAFreshLinkAnotherOneIsAConflict() {
        register("{\"name\":\"n\",\"version\":\"2.1.0\"}");
        Registration.Registered again =
                assertInstanceOf(Registration.Registered.class, register("{\"name\":\"n\",\"version\":\"2.1.0\"}"));
        assertEquals(false, again.created());
        assertInstanceOf(Registration.Exists.class, register("{\"name\":\"other\",\"version\":\"2.1.0\"}"));
    }

    @Test
    void completingMeasuresTheStoredPackageAndTakesNothingFromTheCaller() {
        register("{\"name\":\"n\",\"version\":\"2.1.0\"}");
        assertInstanceOf(Completion.NotUploaded.class, service.complete("2.1.0", who));
        assertEquals(FirmwareState.REGISTERED, store.entries.get("2.1.0").state());
        store.stored.put("2.1.0/package.bin", new Measurement.Measured(640, SHA));
        Completion.Ready ready = assertInstanceOf(Completion.Ready.class, service.complete("2.1.0", who));
        assertEquals(640L, ready.entry().sizeBytes());
        assertEquals(SHA, ready.entry().sha256());
        assertEquals(ready.entry(), store.entries.get("2.1.0"));
        assertInstanceOf(Completion.Ready.class, service.complete("2.1.0", who), "completing again changes nothing");
    }

    @Test
    void aPackageThatIsNotTheAnnouncedOneFails() {
        register("{\"name\":\"n\",\"version\":\"2.1.0\",\"sha256\":\"" + SHA + "\",\"sizeBytes\":640,"
                + "\"signature\":\"" + "A".repeat(88) + "\"}");
        store.stored.put("2.1.0/package.bin", new Measurement.Measured(640, "cd".repeat(32)));
        Completion.Failed failed = assertInstanceOf(Completion.Failed.class, service.complete("2.1.0", who));
        assertTrue(failed.entry().failure().contains("SHA-256"), failed.entry().failure());
        assertEquals(FirmwareState.FAILED, store.entries.get("2.1.0").state());
        assertInstanceOf(Completion.AlreadyFailed.class, service.complete("2.1.0", who));
    }

    @Test
    void anOversizedUploadFailsWithoutBeingRead() {
        register("{\"name\":\"n\",\"version\":\"2.1.0\"}");
        store.stored.put("2.1.0/package.bin", new Measurement.Measured(5000, SHA));
        Completion.Failed failed = assertInstanceOf(Completion.Failed.class, service.complete("2.1.0", who));
        assertTrue(
                failed.entry().failure().contains("at most 1000"),
                failed.entry().failure());
    }

    @Test
    void aVersionIsResolvedOnlyWhenReadyAndOnlyAlone() {
        register("{\"name\":\"n\",\"version\":\"2.1.0\",\"compatibility\":\"gw-1\",\"securityVersion\":4,"
                + "\"manifestExpiresAt\":\"2027-01-01T00:00:00.000Z\"}");
        Parsed.Invalid<JsonElement> notReady = assertInstanceOf(
                Parsed.Invalid.class, service.resolve(StrictJson.parse("{\"catalogVersion\":\"2.1.0\"}"), "firmware"));
        assertEquals("firmware.catalogVersion", notReady.errors().get(0).field());
        assertTrue(notReady.errors().get(0).message().contains("registered"), notReady.summary());
        store.stored.put("2.1.0/package.bin", new Measurement.Measured(640, SHA));
        service.complete("2.1.0", who);
        JsonObject p = ((Parsed.Valid<JsonElement>) service.resolve(
                        StrictJson.parse("{\"catalogVersion\":\"2.1.0\",\"operationId\":\"op-1\"}"), ""))
                .value()
                .getAsJsonObject();
        assertEquals(store.plainUrl("2.1.0/package.bin"), p.get("packageUri").getAsString(), "no credential stored");
        assertEquals(SHA, p.get("sha256").getAsString());
        assertEquals(640, p.get("sizeBytes").getAsLong());
        assertEquals("gw-1", p.get("compatibility").getAsString());
        assertEquals(4, p.get("securityVersion").getAsLong());
        assertEquals("op-1", p.get("operationId").getAsString());
        Parsed.Invalid<JsonElement> mixed = assertInstanceOf(
                Parsed.Invalid.class,
                service.resolve(StrictJson.parse("{\"catalogVersion\":\"2.1.0\",\"sha256\":\"x\"}"), "firmware"));
        assertEquals("firmware.sha256", mixed.errors().get(0).field());
        Parsed.Invalid<JsonElement> unknown = assertInstanceOf(
                Parsed.Invalid.class, service.resolve(StrictJson.parse("{\"catalogVersion\":\"9.9\"}"), "firmware"));
        assertEquals("firmware.catalogVersion", unknown.errors().get(0).field());
    }

    @Test
    void aVersionAnUnfinishedOperationSendsIsNotDeleted() {
        register("{\"name\":\"n\",\"version\":\"2.1.0\"}");
        inUse.add("op-7");
        Deletion.InUse refused = assertInstanceOf(Deletion.InUse.class, service.delete("2.1.0", who));
        assertEquals(List.of("op-7"), refused.operationIds());
        assertTrue(store.entries.containsKey("2.1.0"));
        assertTrue(store.deleted.isEmpty());
        inUse.clear();
        assertInstanceOf(Deletion.Deleted.class, service.delete("2.1.0", who));
        assertTrue(store.entries.isEmpty());
        assertEquals(List.of("2.1.0/package.bin"), store.deleted);
        assertInstanceOf(Deletion.NotFound.class, service.delete("2.1.0", who));
    }

    @Test
    void everyWriteIsAuditedWithItsOutcome() {
        register("{\"name\":\"n\",\"version\":\"2.1.0\"}");
        inUse.add("op-7");
        service.delete("2.1.0", who);
        java.util.Map<AuditOutcome, Long> outcomes = auditLog.all().stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        AuditRecord::outcome, java.util.stream.Collectors.counting()));
        assertEquals(
                java.util.Map.of(AuditOutcome.PENDING, 2L, AuditOutcome.SUCCEEDED, 1L, AuditOutcome.REFUSED, 1L),
                outcomes);
        assertTrue(auditLog.all().stream()
                .allMatch(a -> "/api/firmware/2.1.0".equals(a.target().route())));
    }
}
