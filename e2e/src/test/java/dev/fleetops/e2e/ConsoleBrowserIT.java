package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.browser.BrowserScripts;
import dev.fleetops.testkit.storage.HttpsAzurite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console as an operator uses it, in Debian's headless Chromium (playwright-core from
 * {@code tools/browser-tests}): the packaged app served by the local runner over HTTP, six device agents on the local
 * hub, Azurite. The browser connects with the function key typed into the form, previews and starts a reboot from
 * the "new operation" form, watches it progress, pauses and resumes it, starts a firmware update whose hash cannot
 * match and reads the failed devices with their reasons, and filters the operations list. Then it rolls out a firmware
 * version from the catalog (registered and uploaded to a second, HTTPS Azurite before, as {@code local-stack.sh
 * add-firmware} does), picked from the form's list: each device downloads through its own short-lived link; the
 * firmware page shows the version ready and the devices page the devices on it. axe-core checks every page.
 * Screenshots are left in {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT {
    static final String KEY = "console-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    static LocalDevices fleet;
    static HttpsAzurite catalogBlobs;
    static RunnerProcess runner;
    static JsonObject seen;

    @BeforeAll
    static void driveTheConsole() throws Exception {
        Path tools = BrowserScripts.tools("axe-core");
        // console-007 is registered but never connects: the reboot waits for it, so it can be paused and canceled.
        fleet = LocalDevices.start(dir, "console-", 7, 6, DeviceRuntime.Extras.NONE);
        // The catalog's blobs on Azurite over HTTPS with the hub's certificate, which the runner and devices trust.
        catalogBlobs = HttpsAzurite.start(dir.resolve("hub"), dir.resolve("azurite-https"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        runner = RunnerProcess.start(
                dir,
                fleet.hub,
                Map.of(
                        "METHOD_RESPONSE_TIMEOUT_SECONDS",
                        "10",
                        "ROLLOUT_SCHEDULE",
                        "*/2 * * * * *",
                        "PROGRESS_SCHEDULE",
                        "*/5 * * * * *",
                        "PROGRESS_CONTAINER",
                        "console-" + run,
                        "FIRMWARE_STORAGE_CONNECTION_STRING",
                        catalogBlobs.connectionString(),
                        "FIRMWARE_CONTAINER",
                        "console-" + run),
                null,
                KEY,
                "console-runner.log");
        for (DeviceRuntime d : fleet.devices) {
            Waits.upTo(java.time.Duration.ofSeconds(60), d.deviceId() + " connected")
                    .until(() -> fleet.hub.hub().isConnected(d.deviceId()));
        }
        JsonObject scenario = new JsonObject();
        JsonArray reboot = ids(1, 4);
        reboot.addAll(ids(7, 7));
        scenario.add("rebootDevices", reboot);
        scenario.add("offlineDevices", ids(7, 7));
        scenario.add("failDevices", ids(5, 6));
        scenario.addProperty(
                "packageUri",
                fleet.packages.publish("/fw-9.9.9.bin", "firmware 9.9.9".getBytes(StandardCharsets.UTF_8)));
        scenario.addProperty("version", "9.9.9");
        String catalogVersion = "7.1." + Math.abs(run.hashCode() % 100000);
        addToCatalog(catalogVersion, ("console image " + catalogVersion).getBytes(StandardCharsets.UTF_8));
        scenario.addProperty("catalogVersion", catalogVersion);
        scenario.add("catalogDevices", ids(1, 4));
        scenario.addProperty("timelineDevice", "console-005");
        Path scenarioFile = dir.resolve("scenario.json");
        Files.writeString(scenarioFile, scenario.toString());
        seen = runScript(
                tools,
                "console-check.mjs",
                runner.base() + "/api/console",
                KEY,
                scenarioFile.toString(),
                Path.of("target", "console-screenshots").toAbsolutePath().toString(),
                BrowserScripts.CHROMIUM.toString());
    }

    /**
     * Runs a console script of {@code tools} ({@link BrowserScripts#run}) and returns what it saw; fails when the
     * browser run stopped part way (the script then reports {@code error} and the steps it got through).
     */
    static JsonObject runScript(Path tools, String script, String... args) throws Exception {
        JsonObject seen = BrowserScripts.run(tools, Duration.ofMinutes(8), script, args);
        assertFalse(
                seen.has("error"), "the browser run stopped: " + seen.get("error") + "\nsteps: " + seen.get("steps"));
        return seen;
    }

    /** Register, upload through the link the API hands out, complete: what an operator's tool does. */
    private static void addToCatalog(String version, byte[] image) throws Exception {
        HttpResponse<String> registered = runner.send(
                "POST",
                "/api/firmware",
                null,
                "{\"name\":\"console image\",\"version\":\"" + version + "\"}",
                Map.of());
        assertEquals(201, registered.statusCode(), registered.body());
        String upload = JsonParser.parseString(registered.body())
                .getAsJsonObject()
                .getAsJsonObject("upload")
                .get("url")
                .getAsString();
        HttpResponse<String> put = HttpClient.newBuilder()
                .sslContext(fleet.hub.tls().clientContext())
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(upload))
                                .header("x-ms-blob-type", "BlockBlob")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(image))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        HttpResponse<String> ready =
                runner.send("POST", "/api/firmware/" + version + "/complete", null, null, Map.of());
        assertEquals(200, ready.statusCode(), ready.body());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (catalogBlobs != null) {
            catalogBlobs.close();
        }
    }

    @Test
    void thePreviewShowsTheTargetBeforeAnythingStarts() {
        assertTrue(seen.get("startDisabledBeforePreview").getAsBoolean(), "Start is disabled until a preview");
        JsonObject preview = seen.getAsJsonObject("preview");
        assertEquals(5, preview.get("count").getAsInt(), preview.toString());
        assertEquals(
                List.of("console-001", "console-002", "console-003", "console-004", "console-007"),
                strings(preview.getAsJsonArray("sample")));
        assertTrue(preview.get("text").getAsString().contains("wave 1: 5"), preview.toString());
    }

    @Test
    void anOperatorWatchesARolloutProgressPausesResumesAndCancelsWhatIsLeft() {
        assertEquals(4, seen.get("succeededBeforePause").getAsInt(), seen.toString());
        assertEquals(1, seen.get("waitingBeforePause").getAsInt(), "the offline device waits: " + seen);
        assertEquals("running", seen.get("stateBeforePause").getAsString());
        assertEquals("paused", seen.get("afterPause").getAsString());
        assertEquals("running", seen.get("afterResume").getAsString());
        assertEquals("canceled", seen.get("finalReboot").getAsString());
        assertEquals(4, seen.get("rebootSucceeded").getAsInt());
        assertEquals(1, seen.get("rebootCanceled").getAsInt());
        assertEquals("4 of 4", seen.get("finishedText").getAsString(), "a canceled device is not counted as done");
        assertEquals(List.of("Wave 1 of 1"), strings(seen.getAsJsonArray("wavesShown")), "plain wave names");
    }

    @Test
    void failedDevicesAreListedWithTheirReasons() {
        assertEquals("completed", seen.get("finalFirmware").getAsString(), seen.toString());
        assertEquals("completed with failures", seen.get("badge").getAsString());
        List<String> devices = new ArrayList<>();
        for (JsonElement row : seen.getAsJsonArray("failedRows")) {
            JsonArray cells = row.getAsJsonArray();
            devices.add(cells.get(0).getAsString());
            assertEquals("failed", cells.get(1).getAsString(), row.toString());
            assertFalse(cells.get(3).getAsString().isBlank(), "a reason: " + row);
        }
        assertEquals(strings(ids(5, 6)), devices.stream().sorted().toList());
    }

    @Test
    void theOperationsListFiltersByAction() {
        // Other tests share the storage account, so the list may hold their firmware updates too; never a reboot.
        List<String> listed = strings(seen.getAsJsonArray("filteredList"));
        assertTrue(listed.contains(seen.get("failOperation").getAsString()), listed.toString());
        assertFalse(listed.contains(seen.get("rebootOperation").getAsString()), listed.toString());
        assertEquals(
                Set.of("firmwareUpdate"), Set.copyOf(strings(seen.getAsJsonArray("filteredActions"))), seen.toString());
    }

    @Test
    void aFirmwareVersionFromTheCatalogRollsOutThroughShortLivedLinks() {
        assertEquals("completed", seen.get("finalCatalog").getAsString(), seen.toString());
        assertEquals(4, seen.get("catalogSucceeded").getAsInt(), seen.toString());
        String version = seen.get("catalogVersion").getAsString();
        JsonArray row = seen.getAsJsonArray("catalogRow");
        assertEquals(version, row.get(0).getAsString(), row.toString());
        assertEquals("ready", row.get(2).getAsString(), row.toString());
        assertEquals("unsigned", row.get(6).getAsString(), "which key devices need, if any: " + row);
        // The devices page: the four updated devices report the catalog version, the others do not.
        JsonObject firmwareByDevice = seen.getAsJsonObject("deviceFirmware");
        for (JsonElement id : ids(1, 4)) {
            assertEquals(version, firmwareByDevice.get(id.getAsString()).getAsString(), firmwareByDevice.toString());
        }
        assertFalse(version.equals(firmwareByDevice.get("console-005").getAsString()), firmwareByDevice.toString());
    }

    @Test
    void aDevicesPageShowsItsTimelineNewestFirstWithTheFailedUpdatesErrorCode() {
        String failed = seen.get("failOperation").getAsString();
        List<JsonObject> rows = new java.util.ArrayList<>();
        seen.getAsJsonArray("timeline").forEach(e -> rows.add(e.getAsJsonObject()));
        List<JsonObject> update = rows.stream()
                .filter(r -> r.get("operation").getAsString().equals(failed))
                .toList();
        assertFalse(update.isEmpty(), rows.toString());
        JsonObject outcome = update.get(0);
        assertEquals("rollout", outcome.get("kind").getAsString(), rows.toString());
        assertEquals("failed", outcome.get("state").getAsString(), "the outcome is on top: " + rows);
        assertEquals("1", outcome.get("attempt").getAsString(), rows.toString());
        assertFalse(outcome.get("error").getAsString().isEmpty(), "with its error: " + rows);
        assertEquals(
                "in_progress",
                update.get(update.size() - 1).get("state").getAsString(),
                "the dispatch is the oldest: " + rows);
    }

    @Test
    void everyPagePassesTheAccessibilityCheckLoadsNothingElseAndKeepsTheKeyOutOfUrls() {
        JsonObject axe = seen.getAsJsonObject("axe");
        assertEquals(9, axe.size(), axe.toString());
        axe.entrySet()
                .forEach(page -> assertEquals(
                        0,
                        page.getValue().getAsJsonArray().size(),
                        "axe-core on " + page.getKey() + ": " + page.getValue()));
        assertEquals(
                0,
                seen.getAsJsonArray("consoleErrors").size(),
                seen.get("consoleErrors") + " " + seen.get("failedResponses"));
        assertEquals(
                0,
                seen.getAsJsonArray("foreignRequests").size(),
                seen.get("foreignRequests").toString());
        assertEquals(
                0, seen.getAsJsonArray("keyInUrl").size(), seen.get("keyInUrl").toString());
        assertEquals("Connection · FleetOps console", seen.get("connectTitle").getAsString());
    }

    private static JsonArray ids(int from, int to) {
        JsonArray a = new JsonArray();
        for (int i = from; i <= to; i++) {
            a.add(LocalHub.deviceId("console-", i));
        }
        return a;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }
}
