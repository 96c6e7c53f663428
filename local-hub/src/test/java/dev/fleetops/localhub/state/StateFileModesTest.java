package dev.fleetops.localhub.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.LocalHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's state holds device keys, policy keys and firmware package URIs: its files are readable by their owner only,
 * in a directory only its owner can enter, whatever the umask (these tests run with the build's).
 */
class StateFileModesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theWriteAheadLogAndItsSnapshotAreOwnerOnly() throws IOException {
        try (JsonRecordLog log = new JsonRecordLog(dir, "t.wal", "t-snapshot.json", 1 << 20)) {
            JsonObject record = new JsonObject();
            record.addProperty("id", "dev-1");
            record.addProperty("packageUri", "https://cdn.example/fw.bin?sig=secret");
            log.awaitDurable(log.append("dev-1", record));
            assertEquals("rw-------", mode(dir.resolve("t.wal")));
            log.compact();
            assertEquals("rw-------", mode(dir.resolve("t-snapshot.json")));
        }
    }

    @Test
    void aLogFileLeftWiderByAnOlderVersionIsNarrowedOnOpen() throws IOException {
        Path wal = dir.resolve("old.wal");
        Files.writeString(wal, "");
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-r--r--"));
        new JsonRecordLog(dir, "old.wal", "old-snapshot.json", 1 << 20).close();
        assertEquals("rw-------", mode(wal));
    }

    @Test
    void aNewHubStateDirectoryIsOwnerOnlyAndSoIsEveryFileWithASecret() throws Exception {
        Path state = dir.resolve("hub-state");
        try (LocalHub hub = LocalHub.builder()
                .stateDir(state)
                .mqttPort(0)
                .httpsPort(0)
                .devices(2)
                .durableTwins(true)
                .start()) {
            hub.hub()
                    .updateTwin(
                            LocalHub.deviceId("device-", 1),
                            null,
                            com.google.gson.JsonParser.parseString(
                                            "{\"firmware\":{\"packageUri\":\"https://x/fw?sig=s\"}}")
                                    .getAsJsonObject(),
                            null,
                            false);
        }
        assertEquals("rwx------", mode(state));
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> files = Files.list(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                modes.put(f.getFileName().toString(), mode(f));
            }
        }
        // Certificates are public; everything else (keys, registry, policies, config, twins) is the owner's.
        for (String name :
                List.of("registry.json", "policies.json", TwinWal.WAL_FILE, TwinWal.SNAPSHOT_FILE, "local-hub.json")) {
            assertEquals("rw-------", modes.get(name), name + " in " + modes);
        }
        modes.forEach((name, mode) -> assertTrue(
                name.endsWith(".pem") && !name.contains("key") || mode.equals("rw-------"), name + " is " + mode));
    }
}
