package dev.fleetops.device.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line, resolved against the environment.
 *
 * @param caFile      extra CA certificate (PEM) to trust, or null
 * @param signingKeys public keys (PEM) trusted for firmware manifests; empty: signatures not required
 */
public record CliOptions(
        boolean help,
        String connectionString,
        Path stateDir,
        Path caFile,
        int rebootDelaySeconds,
        String initialFirmwareVersion,
        List<Path> signingKeys) {
    public static final String ENV_CONNECTION_STRING = "DEVICE_CONNECTION_STRING";
    public static final String ENV_CA_FILE = "DEVICE_CA_FILE";
    public static final String ENV_SIGNING_KEYS = "DEVICE_SIGNING_KEYS";

    public static final String USAGE = """
            Usage: java -jar device-app.jar [options]
                   java -jar device-app.jar simulate --help     (fleet simulator)
                   java -jar device-app.jar manifest --help     (firmware signing keys and signatures)

            FleetOps reference device: answers reboot, factoryReset and firmwareUpdate direct methods
            and reports progress under iothubDM in the device twin.

            Options:
              --connection-string CS          device connection string
                                              (default: env DEVICE_CONNECTION_STRING)
                                              HostName=<hub.with.dot>;DeviceId=<id>;SharedAccessKey=<base64>
              --state-dir DIR                 where the device keeps its state (default: ./device-state)
              --ca-file PEM                   extra CA certificate to trust for the hub and downloads
                                              (default: env DEVICE_CA_FILE)
              --signing-key PEM               public key (Ed25519 or ECDSA P-256) trusted for firmware
                                              manifests; repeat for several (key rotation). With a key,
                                              unsigned or wrongly signed updates end verifyFailed.
                                              (default: env DEVICE_SIGNING_KEYS, ':'-separated; none:
                                              signatures are not required)
              --reboot-delay-seconds N        how long a simulated reboot stays down (default: 5)
              --initial-firmware-version V    factory firmware version (default: 1.0.0)
              --help                          print this help

            Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.
            """;

    /** @throws ConfigException for unknown options, missing values or a missing connection string */
    public static CliOptions parse(String[] args, Map<String, String> env) throws ConfigException {
        String cs = null;
        String stateDir = "device-state";
        String ca = null;
        int delay = 5;
        String version = "1.0.0";
        List<Path> keys = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return new CliOptions(true, null, null, null, 0, null, List.of());
                }
                case "--connection-string" -> cs = value(args, ++i, a);
                case "--state-dir" -> stateDir = value(args, ++i, a);
                case "--ca-file" -> ca = value(args, ++i, a);
                case "--signing-key" -> keys.add(Path.of(value(args, ++i, a)));
                case "--reboot-delay-seconds" -> delay = seconds(value(args, ++i, a));
                case "--initial-firmware-version" -> version = value(args, ++i, a);
                default ->
                    throw new ConfigException(
                            "unknown option '" + (a.length() > 60 ? a.substring(0, 60) : a) + "'; see --help");
            }
        }
        if (cs == null) {
            cs = env.get(ENV_CONNECTION_STRING);
        }
        if (cs == null || cs.isBlank()) {
            throw new ConfigException("no connection string: pass --connection-string or set " + ENV_CONNECTION_STRING);
        }
        if (ca == null) {
            ca = env.get(ENV_CA_FILE);
        }
        if (version.isBlank()) {
            throw new ConfigException("--initial-firmware-version must not be empty");
        }
        String envKeys = env.get(ENV_SIGNING_KEYS);
        if (keys.isEmpty() && envKeys != null) {
            for (String k : envKeys.split(java.io.File.pathSeparator)) {
                if (!k.isBlank()) {
                    keys.add(Path.of(k.trim()));
                }
            }
        }
        return new CliOptions(
                false,
                cs,
                Path.of(stateDir),
                ca == null || ca.isBlank() ? null : Path.of(ca),
                delay,
                version,
                List.copyOf(keys));
    }

    private static String value(String[] args, int i, String option) throws ConfigException {
        if (i >= args.length) {
            throw new ConfigException(option + " needs a value");
        }
        return args[i];
    }

    private static int seconds(String v) throws ConfigException {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= 3600) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new ConfigException("--reboot-delay-seconds must be a whole number from 0 to 3600");
    }
}
