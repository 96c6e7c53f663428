package dev.fleetops.runner.easyauth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
    @TempDir
    Path dir;

    @Test
    void theKeyFileIsCreatedOwnerOnlyAndReadBackUnchanged() throws Exception {
        Path state = dir.resolve("state");
        SigningKey first = SigningKey.loadOrCreate(state);
        Path file = state.resolve(SigningKey.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        SigningKey again = SigningKey.loadOrCreate(state);
        assertArrayEquals(first.secret(), again.secret());
        assertEquals(first.tenantId(), again.tenantId());
        assertEquals(32, first.secret().length);
        try (var files = Files.list(state)) {
            assertEquals(List.of(file), files.toList(), "no temporary files are left behind");
        }
    }

    @Test
    void processesCreatingTheKeyAtOnceAllEndUpWithTheSameKey() throws Exception {
        Path state = dir.resolve("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SigningKey>> keys = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                keys.add(pool.submit((Callable<SigningKey>) () -> SigningKey.loadOrCreate(state)));
            }
            byte[] expected = keys.get(0).get().secret();
            for (Future<SigningKey> k : keys) {
                assertArrayEquals(expected, k.get().secret());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDamagedKeyFileIsAClearError() throws Exception {
        Files.writeString(dir.resolve(SigningKey.FILE_NAME), "{\"alg\":\"none\"}");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SigningKey.loadOrCreate(dir));
        assertEquals(true, e.getMessage().startsWith("Cannot read or create the local signing key"), e.getMessage());
    }
}
