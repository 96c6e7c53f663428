package dev.fleetops.runner.easyauth;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The runner's App Service Authentication settings: where the local signing key lives, and the paths that need no
 * token.
 */
public record EasyAuth(Path stateDir, List<String> excludedPaths) {
    /** The default state directory, relative to the working directory. */
    public static final Path DEFAULT_STATE_DIR = Path.of(".local-runner");

    public EasyAuth {
        Objects.requireNonNull(stateDir, "'stateDir' cannot be null.");
        excludedPaths = excludedPaths == null ? EasyAuthGate.DEFAULT_EXCLUDED_PATHS : List.copyOf(excludedPaths);
    }

    public static EasyAuth in(Path stateDir) {
        return new EasyAuth(stateDir, null);
    }

    /** Loads (or creates) the signing key and builds the gate. */
    public EasyAuthGate gate(Clock clock) {
        return new EasyAuthGate(new LocalTokens(SigningKey.loadOrCreate(stateDir), clock), excludedPaths);
    }
}
