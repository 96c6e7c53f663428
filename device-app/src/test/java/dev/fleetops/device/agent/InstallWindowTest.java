package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.action.Sleeper;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.SimulatedCrash;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.device.transport.MethodResult;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Download now, install later: a firmware update with an install window downloads and verifies at once, waits in
 * {@code installScheduled} (persisted, reported with {@code installAt}) until the window opens on the device's own
 * clock, and survives a restart while it waits. The harness clock starts at 2026-01-01T00:00Z; the sleeper moves it
 * forward by what the agent asks to sleep, so waiting takes no real time.
 */
class InstallWindowTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 for install windows".getBytes(StandardCharsets.UTF_8);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo"); // 09:00 local at the start
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York"); // 19:00 the day before

    @TempDir
    Path dir;

    private TestHttps https;
    private PackageServer server;
    private Path deviceDir;
    private final List<AgentHarness> harnesses = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        https = TestHttps.servingFirmware(dir, PACKAGE);
        server = https.server();
        deviceDir = TestHttps.deviceDir(dir);
    }

    @AfterEach
    void tearDown() {
        harnesses.forEach(AgentHarness::close);
        https.close();
    }

    private AgentHarness device(ZoneId zone, UpdateSettings updates) {
        AgentHarness h =
                new AgentHarness(deviceDir).http(https.client()).zone(zone).updates(updates);
        h.sleeper(advancing(h));
        harnesses.add(h);
        return h;
    }

    /** A sleeper that moves the harness clock instead of waiting. */
    private static Sleeper advancing(AgentHarness h) {
        return d -> h.clock.advance(d);
    }

    private MethodResult update(AgentHarness h, String window) {
        return h.call(
                "firmwareUpdate",
                "{\"operationId\":\"fw-w\",\"version\":\"2.0.0\",\"packageUri\":\"" + server.url("/fw.bin")
                        + "\",\"sha256\":\"" + Packages.sha256(PACKAGE) + "\",\"sizeBytes\":" + PACKAGE.length
                        + ",\"installWindow\":" + window + "}");
    }

    private static AtomicReference<Instant> applyingAt(AgentHarness h) {
        AtomicReference<Instant> at = new AtomicReference<>();
        h.updates(h.updates().withSteps(step -> {
            if (step.equals("applying")) {
                at.set(h.clock.instant());
            }
        }));
        return at;
    }

    @Test
    void aClosedWindowInTheDevicesZoneSchedulesTheInstallAndAppliesOnlyOnceItOpens() throws Exception {
        AgentHarness h = device(TOKYO, UpdateSettings.defaults().withHealthDeadline(java.time.Duration.ofMillis(300)));
        AtomicReference<Instant> applying = applyingAt(h);
        h.start();

        MethodResult r = update(h, "{\"start\":\"10:00\",\"durationMinutes\":30,\"timeZone\":\"device\"}");
        h.idle();

        assertEquals(MethodStatus.ACCEPTED, r.status());
        assertEquals(
                List.of(
                        "waiting",
                        "downloading",
                        "downloadComplete",
                        "installScheduled",
                        "applying",
                        "rebooting",
                        "applyComplete"),
                h.hub.steps("firmwareUpdate"));
        JsonObject scheduled = h.hub.patches().stream()
                .map(p -> p.getAsJsonObject("iothubDM"))
                .filter(dm -> dm != null
                        && dm.get("firmwareUpdate") instanceof JsonObject fw
                        && "installScheduled".equals(fw.get("status").getAsString()))
                .map(dm -> dm.getAsJsonObject("firmwareUpdate"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "2026-01-01T01:00:00.000Z", scheduled.get("installAt").getAsString(), "10:00 in Tokyo is 01:00 UTC");
        Instant window = Instant.parse("2026-01-01T01:00:00Z");
        assertFalse(applying.get().isBefore(window), "applied at " + applying.get() + ", before its window");
        assertTrue(applying.get().isBefore(window.plusSeconds(30 * 60)), "applied inside the window");
        assertEquals("2.0.0", h.onDisk().firmwareVersion());
        assertEquals("Asia/Tokyo", h.hub.reported().get("timeZone").getAsString(), "the device reports its zone");
        assertFalse(h.hub.reportedDm("firmwareUpdate").has("installAt"), "installAt only while scheduled");
    }

    @Test
    void theSameWindowIsOpenInOneZoneAndClosedInAnother() throws Exception {
        String window = "{\"start\":\"18:00\",\"durationMinutes\":120,\"timeZone\":\"device\"}";
        AgentHarness ny =
                device(NEW_YORK, UpdateSettings.defaults().withHealthDeadline(java.time.Duration.ofMillis(300)));
        ny.start();
        update(ny, window);
        ny.idle();
        assertFalse(ny.hub.steps("firmwareUpdate").contains("installScheduled"), "19:00 in New York: open");
        assertEquals("applyComplete", ny.onDisk().finished("fw-w").orElseThrow().status());
        ny.close();
        harnesses.clear();

        Path other = Files.createDirectories(dir.resolve("utc-device"));
        AgentHarness utc = new AgentHarness(other).http(https.client()).zone(ZoneOffset.UTC);
        utc.sleeper(advancing(utc));
        harnesses.add(utc);
        AtomicReference<Instant> applying = applyingAt(utc);
        utc.start();
        update(utc, window);
        utc.idle();
        assertTrue(utc.hub.steps("firmwareUpdate").contains("installScheduled"), "00:00 in UTC: closed");
        assertFalse(applying.get().isBefore(Instant.parse("2026-01-01T18:00:00Z")), "waited for 18:00 UTC");
    }

    @Test
    void aFixedZoneWindowIgnoresTheDevicesZone() throws Exception {
        AgentHarness h = device(TOKYO, UpdateSettings.defaults().withHealthDeadline(java.time.Duration.ofMillis(300)));
        AtomicReference<Instant> applying = applyingAt(h);
        h.start();
        update(h, "{\"start\":\"02:00\",\"durationMinutes\":60,\"timeZone\":\"Europe/Berlin\"}");
        h.idle();
        // 02:00 in Berlin (UTC+1 in January) is 01:00 UTC, whatever the device's own zone says.
        assertFalse(applying.get().isBefore(Instant.parse("2026-01-01T01:00:00Z")));
        assertTrue(applying.get().isBefore(Instant.parse("2026-01-01T02:00:00Z")));
    }

    @Test
    void aDeviceRestartedWhileWaitingKeepsWaitingThenInstallsWithoutDownloadingAgain() throws Exception {
        String window = "{\"start\":\"10:00\",\"durationMinutes\":30,\"timeZone\":\"device\"}";
        AgentHarness first = device(TOKYO, UpdateSettings.defaults().withSteps(SimulatedCrash.at("installScheduled")));
        first.start();
        update(first, window);
        first.idle();
        JsonObject twin = first.hub.reported();
        first.close();

        DeviceState crashed = first.onDisk();
        assertNotNull(crashed.current(), "the update is still in progress on disk");
        assertEquals("installScheduled", crashed.current().status());
        assertNotNull(crashed.current().stagedFile(), "the verified package stays staged");
        assertEquals("1.0.0", crashed.firmwareVersion());
        int downloads = server.requests();

        AgentHarness second =
                device(TOKYO, UpdateSettings.defaults().withHealthDeadline(java.time.Duration.ofMillis(300)));
        AtomicReference<Instant> applying = applyingAt(second);
        second.hub.setReported(twin);
        second.start();
        second.idle();

        DeviceState s = second.onDisk();
        assertNull(s.current());
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals("applyComplete", s.finished("fw-w").orElseThrow().status());
        assertEquals(downloads, server.requests(), "the staged package was used, not downloaded again");
        assertFalse(applying.get().isBefore(Instant.parse("2026-01-01T01:00:00Z")), "still only in the window");
    }

    @Test
    void aDeviceRestartedInAnotherZoneReportsItsNewInstallTime() throws Exception {
        String window = "{\"start\":\"10:00\",\"durationMinutes\":30,\"timeZone\":\"device\"}";
        AgentHarness first = device(TOKYO, UpdateSettings.defaults().withSteps(SimulatedCrash.at("installScheduled")));
        first.start();
        update(first, window);
        first.idle();
        JsonObject twin = first.hub.reported();
        first.close();
        assertEquals(
                "2026-01-01T01:00:00.000Z",
                first.onDisk().current().details().get("installAt").getAsString());

        // The operator moved the device to Shanghai (--time-zone): 10:00 there is 02:00 UTC.
        AgentHarness second = device(
                ZoneId.of("Asia/Shanghai"),
                UpdateSettings.defaults().withHealthDeadline(java.time.Duration.ofMillis(300)));
        AtomicReference<Instant> applying = applyingAt(second);
        second.hub.setReported(twin);
        second.start();
        second.idle();

        assertTrue(
                second.hub.patches().toString().contains("\"installAt\":\"2026-01-01T02:00:00.000Z\""),
                "the new install time is reported: " + second.hub.patches());
        assertFalse(applying.get().isBefore(Instant.parse("2026-01-01T02:00:00Z")), "installed in its new window");
        assertEquals("2.0.0", second.onDisk().firmwareVersion());
    }

    @Test
    void aBadWindowIsRefusedWith400NamingTheField() throws Exception {
        AgentHarness h = device(TOKYO, UpdateSettings.defaults());
        h.start();
        String[][] cases = {
            {"{\"start\":\"25:00\",\"durationMinutes\":30,\"timeZone\":\"device\"}", "installWindow.start"},
            {"{\"start\":\"02:00\",\"durationMinutes\":0,\"timeZone\":\"device\"}", "installWindow.durationMinutes"},
            {"{\"start\":\"02:00\",\"durationMinutes\":1441,\"timeZone\":\"device\"}", "installWindow.durationMinutes"},
            {"{\"start\":\"02:00\",\"durationMinutes\":30,\"timeZone\":\"+05:00\"}", "installWindow.timeZone"},
            {"{\"start\":\"02:00\",\"durationMinutes\":30,\"timeZone\":\"Mars/Olympus\"}", "installWindow.timeZone"},
            {"{\"start\":\"02:00\",\"durationMinutes\":30}", "installWindow.timeZone"},
            {"\"02:00-04:00\"", "installWindow"},
        };
        for (String[] c : cases) {
            MethodResult r = update(h, c[0]);
            assertEquals(MethodStatus.BAD_REQUEST, r.status(), c[0]);
            assertTrue(((JsonObject) r.payload()).toString().contains(c[1]), r.payload() + " names " + c[1]);
        }
        h.idle();
        assertNull(h.onDisk().current(), "nothing started");
    }
}
