package dev.fleetops.runner.stack.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwarePackageTest {
    @Test
    void aVersionHasTheSameBytesInEveryRunAndAnotherVersionOthers(@TempDir Path dir) throws Exception {
        String first = FirmwarePackage.write("2.0.0", FirmwarePackage.DEFAULT_SIZE, dir.resolve("a.bin"));
        String again = FirmwarePackage.write("2.0.0", FirmwarePackage.DEFAULT_SIZE, dir.resolve("b.bin"));
        assertEquals(first, again);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.bin")), Files.readAllBytes(dir.resolve("b.bin")));
        byte[] written = Files.readAllBytes(dir.resolve("a.bin"));
        assertEquals(262_144, written.length);
        assertEquals(
                first,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(written)));
        String other = FirmwarePackage.write("2.1.0", FirmwarePackage.DEFAULT_SIZE, dir.resolve("c.bin"));
        assertFalse(first.equals(other));
        // not a repeated pattern: the blocks differ
        assertFalse(Arrays.equals(Arrays.copyOfRange(written, 0, 32), Arrays.copyOfRange(written, 32, 64)));
        assertEquals(1000, FirmwarePackage.bytes("1.0.0", 1000).length);
        assertThrows(IllegalArgumentException.class, () -> FirmwarePackage.bytes(" ", 10));
        assertThrows(IllegalArgumentException.class, () -> FirmwarePackage.bytes("1.0.0", 0));
    }
}
