package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fleetops.testkit.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's output is what scripts write into log files (scripts/local-stack.sh: {@code .local-stack/logs/backend.log}),
 * so it never holds the function key: a generated key is kept in the state directory, 0600 in a 0700 directory, and a
 * given one is not repeated.
 */
class KeyNotInOutputIT {
    private static final Pattern STATUS_LINE =
            Pattern.compile("Host status: (http://127\\.0\\.0\\.1:\\d+)/admin/host/status");
    private final List<Process> started = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stop() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void aGeneratedKeyIsKeptOwnerOnlyAndAGivenOneIsNotRepeated(@TempDir Path dir) throws Exception {
        Path settings = ShippedRunner.settings(dir, "", "");
        Path state = dir.resolve("state");

        Path generatedLog = dir.resolve("generated.log");
        String base = start(settings, state, generatedLog, null);
        Path keyFile = state.resolve(KeyFile.NAME);
        String key = Files.readString(keyFile).strip();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/devices/bad%20id/reboot"))
                                .header("x-functions-key", key)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), "the kept key is the runner's key: " + r.body());
        String output = Files.readString(generatedLog);
        assertFalse(output.contains(key), output);
        assertTrue(output.contains(keyFile.toString()), "the banner says where the key is: " + output);

        Path givenLog = dir.resolve("given.log");
        start(settings, dir.resolve("state-2"), givenLog, "a-key-given-in-the-environment");
        assertFalse(Files.readString(givenLog).contains("a-key-given-in-the-environment"), Files.readString(givenLog));
        assertFalse(Files.exists(dir.resolve("state-2").resolve(KeyFile.NAME)), "a given key is not written anywhere");
    }

    /** A restart with the same state directory keeps the key; a key in the environment still wins and is not written. */
    @Test
    void aRestartKeepsTheKeptKeyAndTheEnvironmentStillWins(@TempDir Path dir) throws Exception {
        Path settings = ShippedRunner.settings(dir, "", "");
        Path state = dir.resolve("state");
        start(settings, state, dir.resolve("first.log"), null);
        String key = Files.readString(state.resolve(KeyFile.NAME)).strip();
        stop();
        started.clear();

        Path again = dir.resolve("again.log");
        String base = start(settings, state, again, null);
        assertEquals(key, Files.readString(state.resolve(KeyFile.NAME)).strip(), "the same key after a restart");
        assertEquals(400, reboot(base, key), "the kept key opens the restarted runner");
        String output = Files.readString(again);
        assertFalse(output.contains(key), output);
        assertTrue(output.contains("kept from an earlier run, in " + state.resolve(KeyFile.NAME)), output);
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(KeyFile.NAME))));
        stop();
        started.clear();

        String envBase = start(settings, state, dir.resolve("env.log"), "the-environment-wins");
        assertEquals(401, reboot(envBase, key), "the kept key is not the key while the environment gives one");
        assertEquals(400, reboot(envBase, "the-environment-wins"));
        assertEquals(key, Files.readString(state.resolve(KeyFile.NAME)).strip(), "the kept key stays as it was");
    }

    private static int reboot(String base, String key) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/devices/bad%20id/reboot"))
                                .header("x-functions-key", key)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** Starts the runner with its output in {@code log}; returns its base URL once the banner is out. Stopped after the test. */
    private String start(Path settings, Path state, Path log, String envKey) throws Exception {
        ProcessBuilder builder = ShippedRunner.command(
                        settings,
                        List.of(
                                "IOTHUB_CONNECTION_STRING",
                                "AzureWebJobsStorage",
                                "FLEETOPS_FUNCTION_KEY",
                                "FLEETOPS_AUTH"),
                        "--port",
                        "0",
                        "--state-dir",
                        state.toString())
                .redirectOutput(log.toFile());
        if (envKey != null) {
            builder.environment().put("FLEETOPS_FUNCTION_KEY", envKey);
        }
        Process parent = builder.start();
        started.add(parent);
        String[] url = new String[1];
        boolean printed = Waits.holdsWithin(java.time.Duration.ofSeconds(60), () -> {
            Matcher m = STATUS_LINE.matcher(Files.readString(log));
            if (m.find()) {
                url[0] = m.group(1);
                return true;
            }
            if (!parent.isAlive()) {
                fail("the runner exited with " + parent.exitValue() + ": " + Files.readString(log));
            }
            return false;
        });
        if (printed) {
            return url[0];
        }
        throw new AssertionError("the runner printed no base URL within 60 s: " + Files.readString(log));
    }
}
