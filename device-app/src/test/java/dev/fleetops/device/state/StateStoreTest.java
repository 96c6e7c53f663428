package dev.fleetops.device.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    private StateStore store() {
        return new StateStore(dir, TestClock.ticking(TestClock.START, Duration.ofSeconds(1)));
    }

    private static DeviceState sample() {
        Operation op = Operation.firmware("fw-1", "2.0.0", "https://h/p", "a".repeat(64), 42L, "downloading", "t0")
                .withStagedFile("downloads/fw-1.bin")
                .withError(new ErrorInfo("x", "y"));
        FirmwareUpdateReport report = new FirmwareUpdateReport(
                FirmwareUpdateStatus.DOWNLOADING, "fw-1", "2.0.0", "https://h/p", null, "t0", "t1", null);
        return DeviceState.factory("1.0.0")
                .booted("t0")
                .withSettings(Map.of("k", "v"))
                .withCurrent(op)
                .withReports(DmReports.NONE.with(report))
                .finishedImmediately(new FinishedOperation("r-1", Action.REBOOT, "completed", "t0"));
    }

    @Test
    void savedStateLoadsBackEqual() {
        DeviceState s = sample();
        store().save(s);
        assertEquals(
                s, assertInstanceOf(LoadResult.Loaded.class, store().load()).state());
    }

    @Test
    void theStateFileHoldingAPackageUriIsItsOwnersOnly() throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME + ".tmp"), "left over by a crash");
        Files.setPosixFilePermissions(
                dir.resolve(StateStore.FILE_NAME + ".tmp"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        store().save(sample());
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve(StateStore.FILE_NAME))));
        store().save(sample());
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve(StateStore.FILE_NAME))));
    }

    @Test
    void noFileMeansFirstStart() {
        assertInstanceOf(LoadResult.Missing.class, store().load());
    }

    @Test
    void replacingLeavesOnlyTheStateFile() throws Exception {
        store().save(DeviceState.factory("1.0.0"));
        store().save(sample());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.List.of(dir.resolve(StateStore.FILE_NAME)), files.toList());
        }
        assertEquals(sample(), ((LoadResult.Loaded) store().load()).state());
    }

    @Test
    void corruptFileIsQuarantinedNotLost() throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME), "{\"firmwareVersion\": \"1.0.0\", trunc");
        LoadResult.Corrupt c = assertInstanceOf(LoadResult.Corrupt.class, store().load());
        assertTrue(Files.exists(c.quarantined()));
        assertTrue(c.quarantined().getFileName().toString().startsWith("state.json.corrupt-"));
        assertEquals("{\"firmwareVersion\": \"1.0.0\", trunc", Files.readString(c.quarantined()));
        assertFalse(Files.exists(dir.resolve(StateStore.FILE_NAME)));
    }

    @Test
    void stateWithoutFirmwareVersionCountsAsCorrupt() throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME), "{}");
        assertInstanceOf(LoadResult.Corrupt.class, store().load());
    }

    /** A state file as agents wrote it while actions were an enum: it loads, and saving writes the same document. */
    private static final String BEFORE_ACTIONS_WERE_TYPES = """
            {"firmwareVersion":"1.0.0","bootCount":2,"lastReboot":"t0","settings":{"k":"v"},
             "current":{"operationId":"fw-1","method":"FIRMWARE_UPDATE","status":"downloading","startedAt":"t0","updatedAt":"t1",
                        "version":"2.0.0","packageUri":"https://h/p","sha256":"%s","sizeBytes":42,
                        "downloadUri":"https://h/p?sig=secret"},
             "reports":{"reboot":{"status":"completed","operationId":"r-1","lastReboot":"t0","bootCount":2,"startedAt":"t0","updatedAt":"t0"},
                        "firmwareUpdate":{"status":"downloading","operationId":"fw-1","version":"2.0.0","fwPackageUri":"https://h/p",
                                          "startedAt":"t0","updatedAt":"t1"}},
             "recent":[{"operationId":"r-1","method":"REBOOT","status":"completed","finishedAt":"t0"}],
             "audit":[{"at":"t0","event":"reboot completed (r-1)"}],
             "clearReportedPending":false,
             "slots":{"active":"a","trial":false,"trialBoots":0}}""".formatted("a".repeat(64));

    @Test
    void aStateFileFromBeforeActionsWereTypesLoadsAndIsWrittenBackUnchanged() throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME), BEFORE_ACTIONS_WERE_TYPES);
        DeviceState s =
                assertInstanceOf(LoadResult.Loaded.class, store().load()).state();
        assertEquals(Action.FIRMWARE_UPDATE, s.current().action());
        assertEquals("https://h/p?sig=secret", s.current().downloadUri());
        assertEquals(Action.REBOOT, s.finished("r-1").orElseThrow().action());
        assertEquals(2L, s.reports().get(Action.REBOOT).bootCount());
        assertEquals(
                FirmwareUpdateStatus.DOWNLOADING,
                s.reports().get(Action.FIRMWARE_UPDATE).status());
        store().save(s);
        assertEquals(
                com.google.gson.JsonParser.parseString(BEFORE_ACTIONS_WERE_TYPES),
                com.google.gson.JsonParser.parseString(Files.readString(dir.resolve(StateStore.FILE_NAME))));
    }

    @Test
    void historyIsBounded() {
        DeviceState s = DeviceState.factory("1.0.0");
        for (int i = 0; i < DeviceState.MAX_AUDIT + 10; i++) {
            s = s.finishedImmediately(new FinishedOperation("op-" + i, Action.REBOOT, "completed", "t"));
        }
        assertEquals(DeviceState.MAX_RECENT, s.recent().size());
        assertEquals(DeviceState.MAX_AUDIT, s.audit().size());
        assertTrue(s.finished("op-109").isPresent());
        assertFalse(s.finished("op-59").isPresent(), "the oldest are forgotten first");
    }
}
