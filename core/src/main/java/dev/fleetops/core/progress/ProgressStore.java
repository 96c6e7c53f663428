package dev.fleetops.core.progress;

import java.util.Optional;

/** Port: keeps progress summaries, one document per run plus the latest. */
public interface ProgressStore {
    /** Stores {@code json} as run {@code runName} and as the latest summary. */
    void save(String runName, String json);

    /** The latest summary's JSON, if any run stored one. */
    Optional<String> latest();
}
