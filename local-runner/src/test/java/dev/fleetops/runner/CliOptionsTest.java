package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliOptionsTest {

    @Test
    void allOptionsAreReadInBothSpellings() {
        CliOptions o = CliOptions.parse(new String[] {
            "--app", "a", "--settings=s.json", "--port", "0", "--function-key=k", "--auth", "entra", "--state-dir=st"
        });
        assertEquals(
                new CliOptions(
                        Path.of("a"), Path.of("s.json"), 0, "k", "entra", Path.of("st"), null, null, false, false),
                o);
        CliOptions cors = CliOptions.parse(
                new String[] {"--app", "a", "--cors", "http://localhost:5173,https://x.test", "--cors-credentials"});
        assertEquals("http://localhost:5173,https://x.test", cors.cors());
        assertEquals(Boolean.TRUE, cors.corsCredentials());
        assertEquals(
                Boolean.FALSE,
                CliOptions.parse(new String[] {"--app", "a", "--cors-credentials=false"})
                        .corsCredentials());
        assertThrows(
                IllegalArgumentException.class,
                () -> CliOptions.parse(new String[] {"--app", "a", "--cors-credentials=yes"}));
        assertThrows(IllegalArgumentException.class, () -> CliOptions.parse(new String[] {"--app", "a", "--cors"}));
    }

    @Test
    void corsFromTheCommandLineReplacesHostCorsAsFuncStartDoes() {
        LocalSettings settings = new LocalSettings(Map.of(), null, "http://localhost:3000", true);
        CliOptions none = CliOptions.parse(new String[] {"--app", "a"});
        assertEquals(
                dev.fleetops.runner.http.CorsPolicy.parse("http://localhost:3000", true),
                WorkerMain.cors(none, settings));
        CliOptions given = CliOptions.parse(new String[] {"--app", "a", "--cors", "http://localhost:5173"});
        assertEquals(
                dev.fleetops.runner.http.CorsPolicy.parse("http://localhost:5173", true),
                WorkerMain.cors(given, settings));
        CliOptions noCredentials = CliOptions.parse(
                new String[] {"--app", "a", "--cors", "http://localhost:5173", "--cors-credentials=false"});
        assertEquals(
                dev.fleetops.runner.http.CorsPolicy.parse("http://localhost:5173", false),
                WorkerMain.cors(noCredentials, settings));
    }

    @Test
    void authIsEntraOrKeyAndFallsBackToTheAppSetting() {
        assertThrows(
                IllegalArgumentException.class, () -> CliOptions.parse(new String[] {"--app", "a", "--auth", "aad"}));
        CliOptions none = CliOptions.parse(new String[] {"--app", "a"});
        assertEquals(null, WorkerMain.easyAuth(none, Map.of()));
        assertEquals(null, WorkerMain.easyAuth(none, Map.of("FLEETOPS_AUTH", "key")));
        assertEquals(
                dev.fleetops.runner.easyauth.EasyAuth.in(Path.of(".local-runner")),
                WorkerMain.easyAuth(none, Map.of("FLEETOPS_AUTH", "entra")));
        CliOptions entra = CliOptions.parse(new String[] {"--app", "a", "--auth", "entra", "--state-dir", "s"});
        assertEquals(
                dev.fleetops.runner.easyauth.EasyAuth.in(Path.of("s")),
                WorkerMain.easyAuth(entra, Map.of("FLEETOPS_AUTH", "key")));
        CliOptions key = CliOptions.parse(new String[] {"--app", "a", "--auth", "key"});
        assertEquals(null, WorkerMain.easyAuth(key, Map.of("FLEETOPS_AUTH", "entra")));
        assertThrows(IllegalArgumentException.class, () -> WorkerMain.easyAuth(none, Map.of("FLEETOPS_AUTH", "Entra")));
    }

    @Test
    void theAppIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> CliOptions.parse(new String[] {"--port", "1"}));
    }

    @Test
    void unknownOptionsAndMissingValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CliOptions.parse(new String[] {"--app", "a", "--verbose"}));
        assertThrows(IllegalArgumentException.class, () -> CliOptions.parse(new String[] {"--app"}));
        assertThrows(
                IllegalArgumentException.class, () -> CliOptions.parse(new String[] {"--app", "a", "--port", "x"}));
    }

    @Test
    void theWorkerIsTheSameJavaAndClassPathWithTheWorkerFlagAndTheSameArguments() {
        List<String> command = WorkerLauncher.command(
                Map.of(WorkerLauncher.JAVA_ARGUMENTS_SETTING, " -Xmx256m  -Dx=1 "), new String[] {"--app", "a"});
        assertTrue(command.get(0).startsWith(System.getProperty("java.home")), command.get(0));
        assertEquals(
                List.of(
                        "-Xmx256m",
                        "-Dx=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "--worker",
                        "--app",
                        "a"),
                command.subList(1, command.size()));
    }
}
