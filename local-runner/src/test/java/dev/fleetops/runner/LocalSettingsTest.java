package dev.fleetops.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theProjectSampleGivesValuesPortAndCors() {
        LocalSettings s = LocalSettings.load(Path.of("..", "local.settings.sample.json"));
        assertEquals("0 */5 * * * *", s.values().get("PROGRESS_SCHEDULE"));
        assertEquals(7071, s.localHttpPort());
        assertEquals("http://localhost:3000", s.cors());
    }

    @Test
    void theCurrentEnvironmentWinsOverValues() throws IOException {
        Path file = Files.writeString(dir.resolve("s.json"), """
                {"Values":{"A":"from-file","B":"from-file","N":30},"Host":{"CORS":"*","CORSCredentials":false}}""");
        Map<String, String> env = LocalSettings.load(file).environment(Map.of("A", "from-env"));
        assertEquals(Map.of("A", "from-env", "B", "from-file", "N", "30"), env);
    }

    @Test
    void encryptedSettingsAreRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("s.json"), "{\"IsEncrypted\":true,\"Values\":{}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalSettings.load(file));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void withoutSettingsOptionTheFileBesideTheAppIsUsed() throws IOException {
        Files.writeString(dir.resolve("local.settings.json"), "{\"Values\":{\"X\":\"1\"}}");
        assertEquals(
                Map.of("X", "1"),
                LocalSettings.locate(CliOptions.parse(new String[] {"--app", dir.toString()}))
                        .values());
    }

    @Test
    void aNamedSettingsFileMustExist() {
        CliOptions o = CliOptions.parse(new String[] {
            "--app", dir.toString(), "--settings", dir.resolve("nope.json").toString()
        });
        assertThrows(IllegalArgumentException.class, () -> LocalSettings.locate(o));
    }
}
