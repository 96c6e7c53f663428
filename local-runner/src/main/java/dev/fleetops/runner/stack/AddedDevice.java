package dev.fleetops.runner.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code scripts/local-stack.sh add-device ID} prints: the device's connection string and the command that runs
 * it the way the stack's simulated devices run (trusting the local hub's CA and only firmware signed with the stack's
 * key). The connection string goes in the environment ({@code DEVICE_CONNECTION_STRING}), not on the command line:
 * every user of the machine can read a command line in {@code ps}.
 */
record AddedDevice(
        String deviceId, String connectionString, String deviceJar, Path caFile, Path signingKey, Path stateDir) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    List<String> lines() {
        return List.of(
                "Device " + deviceId + " is registered in the local hub.",
                "Connection string: " + connectionString,
                "Run it (Ctrl-C stops it; its state is kept in " + stateDir + "):",
                "  DEVICE_CONNECTION_STRING=" + shell(connectionString) + " java -jar " + shell(deviceJar)
                        + " --ca-file " + shell(caFile.toString()) + " --signing-key " + shell(signingKey.toString())
                        + " --state-dir " + shell(stateDir.toString()));
    }

    /** A word as bash reads it back unchanged: plain words as they are, others in single quotes. */
    static String shell(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
