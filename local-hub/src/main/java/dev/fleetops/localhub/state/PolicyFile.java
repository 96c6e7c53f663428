package dev.fleetops.localhub.state;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import dev.fleetops.localhub.auth.AccessPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/** The hub's shared access policies, generated once and kept in {@code policies.json} so connection strings stay valid. */
public final class PolicyFile {
    public static final String FILE = "policies.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private PolicyFile() {}

    public static List<AccessPolicy> loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return GSON.fromJson(Files.readString(file), new TypeToken<List<AccessPolicy>>() {}.getType());
            }
            List<AccessPolicy> policies = AccessPolicy.defaults(new SecureRandom());
            AtomicFiles.write(file, GSON.toJson(policies), true);
            return policies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
