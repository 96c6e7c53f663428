package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.browser.BrowserScripts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console with App Service Authentication on, against the local runner's EasyAuth stand-in
 * ({@code FLEETOPS_AUTH=entra}, bearer tokens as {@code StackTool token} prints them), in Debian's headless Chromium
 * ({@code tools/browser-tests/console-entra-check.mjs}): the Connection page offers App Service's sign-in, a Reader's
 * preview is refused with the role it needs, an Operator previews and starts a reboot that runs to its end, and the
 * operations list names the Operator from the token. Screenshots go to {@code target/console-screenshots/}.
 */
class ConsoleEntraBrowserIT {
    static final String KEY = "entra-console-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    static LocalDevices fleet;
    static RunnerProcess runner;
    static JsonObject seen;

    @BeforeAll
    static void driveTheConsole() throws Exception {
        Path tools = BrowserScripts.tools("axe-core");
        fleet = LocalDevices.start(dir, "entra-", 1, 1, dev.fleetops.device.runtime.DeviceRuntime.Extras.NONE);
        runner = RunnerProcess.start(
                dir,
                fleet.hub,
                Map.of(
                        "FLEETOPS_AUTH", "entra",
                        "METHOD_RESPONSE_TIMEOUT_SECONDS", "10",
                        "ROLLOUT_SCHEDULE", "*/2 * * * * *",
                        "PROGRESS_SCHEDULE", "0 0 0 1 1 *"),
                null,
                KEY,
                "console-entra-runner.log");
        Waits.upTo(Duration.ofSeconds(60), "entra-001 connected")
                .until(() -> fleet.hub.hub().isConnected("entra-001"));
        String reader = runner.token("rita", null, "FleetOps.Reader");
        String operator = runner.token("otto", null, "FleetOps.Operator");
        seen = ConsoleBrowserIT.runScript(
                tools,
                "console-entra-check.mjs",
                runner.base() + "/api/console",
                KEY,
                reader,
                operator,
                "entra-001",
                Path.of("target", "console-screenshots").toAbsolutePath().toString(),
                BrowserScripts.CHROMIUM.toString());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void theConnectionPageOffersAppServiceSignInBackToTheConsole() {
        assertEquals(
                "/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fconsole",
                seen.get("signInHref").getAsString());
        assertEquals(
                0, seen.getAsJsonObject("axe").getAsJsonArray("connect-entra").size(), seen.toString());
    }

    @Test
    void aReaderIsToldWhichRoleAPreviewNeeds() {
        String refused = seen.get("readerPreview").getAsString();
        assertTrue(refused.startsWith("Your role does not allow this"), refused);
        assertTrue(refused.contains("FleetOps.Operator"), refused);
        assertTrue(seen.get("readerStartDisabled").getAsBoolean(), "nothing to start without a preview");
    }

    @Test
    void anOperatorStartsARebootFromTheFormAndIsNamedAsItsCreator() {
        assertEquals("completed", seen.get("finalState").getAsString(), seen.toString());
        String createdBy = seen.get("createdBy").getAsString();
        assertTrue(createdBy.startsWith("otto"), createdBy);
    }

    @Test
    void noScriptErrorNoForeignRequestAndNoSecretInAUrl() {
        assertEquals(0, seen.getAsJsonArray("pageErrors").size(), seen.toString());
        assertEquals(0, seen.getAsJsonArray("foreignRequests").size(), seen.toString());
        assertEquals(0, seen.getAsJsonArray("secretInUrl").size(), seen.toString());
    }
}
