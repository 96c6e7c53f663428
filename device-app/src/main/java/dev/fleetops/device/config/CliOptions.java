package dev.fleetops.device.config;

import dev.fleetops.contract.TimeZones;
import dev.fleetops.device.handler.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line, resolved against the environment.
 *
 * @param caFile      extra CA certificate (PEM) to trust, or null
 * @param signingKeys   public keys (PEM) trusted for firmware manifests; empty only with {@code allowUnsigned}
 * @param allowUnsigned the operator waived signatures ({@code --allow-unsigned}); never together with keys
 * @param model         the device's compatibility id ({@code --model}), or null
 * @param packageHosts  hosts firmware packages may come from ({@code --package-hosts}); empty for any
 * @param certFile      the device certificate (PEM) of an X.509 device, or null
 * @param keyFile       its private key (PEM, mode 0600), or null; given exactly when {@code certFile} is
 * @param allowDowngradeTo the one firmware version the operator lets install below the device's highest
 *                      security version ({@code --allow-downgrade-to}), or null
 * @param configFile    the {@code --config} file read, or null
 * @param handler       the device's handler executable ({@code --handler}), or null for the simulated steps
 * @param handlerTimeouts per-step timeouts ({@code --handler-timeout STEP=SECONDS}); others keep their defaults
 * @param healthWatchSeconds how long a new version stays provisional after {@code applyComplete}, re-checked and
 *                      rolled back if a check fails ({@code --health-watch-seconds}); 0 for no watch
 * @param healthCheckIntervalSeconds the time between two checks during the watch
 *                      ({@code --health-check-interval-seconds})
 * @param timeZone      the device's own zone ({@code --time-zone}, an IANA id), which {@code "timeZone": "device"}
 *                      install windows are read in and which it reports as {@code timeZone}; default the system's
 */
public record CliOptions(
        boolean help,
        String connectionString,
        Path stateDir,
        Path caFile,
        int rebootDelaySeconds,
        String initialFirmwareVersion,
        List<Path> signingKeys,
        boolean allowUnsigned,
        String model,
        List<String> packageHosts,
        Path certFile,
        Path keyFile,
        String allowDowngradeTo,
        Path configFile,
        Path handler,
        Map<Step, Duration> handlerTimeouts,
        int healthWatchSeconds,
        int healthCheckIntervalSeconds,
        java.time.ZoneId timeZone) {
    /** Firmware versions and model ids share these characters (the contract's version pattern). */
    private static final String VERSION_CHARS = "[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}";

    /** Default time between two checks of a post-update health watch. */
    public static final int DEFAULT_HEALTH_CHECK_INTERVAL = 60;
    /** The longest post-update health watch: a day. */
    public static final int MAX_HEALTH_WATCH_SECONDS = 86_400;

    public static final String ENV_CONNECTION_STRING = "DEVICE_CONNECTION_STRING";
    public static final String ENV_CERT_FILE = "DEVICE_CERT_FILE";
    public static final String ENV_KEY_FILE = "DEVICE_KEY_FILE";
    public static final String ENV_CA_FILE = "DEVICE_CA_FILE";
    public static final String ENV_SIGNING_KEYS = "DEVICE_SIGNING_KEYS";
    public static final String ENV_HANDLER = "DEVICE_HANDLER";

    public static final String USAGE = """
            Usage: java -jar device-app.jar [options]
                   java -jar device-app.jar simulate --help     (fleet simulator)
                   java -jar device-app.jar manifest --help     (firmware signing keys and signatures)
                   java -jar device-app.jar cert --help         (a self-signed X.509 device certificate)

            FleetOps reference device: answers reboot, factoryReset and firmwareUpdate direct methods
            and reports progress under iothubDM in the device twin.

            Options:
              --connection-string CS          device connection string
                                              (default: env DEVICE_CONNECTION_STRING)
                                              HostName=<hub.with.dot>;DeviceId=<id>;SharedAccessKey=<base64>
                                              or, for an X.509 device, HostName=…;DeviceId=<id>;x509=true
              --cert-file PEM                 the X.509 device's certificate (then its chain, if any)
                                              (default: env DEVICE_CERT_FILE)
              --key-file PEM                  its private key; must be readable by the owner only
                                              (chmod 600) (default: env DEVICE_KEY_FILE)
              --state-dir DIR                 where the device keeps its state (default: ./device-state)
              --ca-file PEM                   extra CA certificate to trust for the hub and downloads
                                              (default: env DEVICE_CA_FILE)
              --signing-key PEM               public key (Ed25519 or ECDSA P-256) trusted for firmware
                                              manifests; repeat for several (key rotation). Unsigned or
                                              wrongly signed updates end verifyFailed.
                                              (default: env DEVICE_SIGNING_KEYS, ':'-separated)
              --allow-unsigned                install unsigned firmware (development only). One of
                                              --signing-key and --allow-unsigned is required.
              --model ID                      this device's model (compatibility id); it then installs
                                              only v2 manifests naming exactly this id
              --package-hosts H1,H2           download packages only from these hosts (exact match,
                                              case-insensitive; default: any https host)
              --allow-downgrade-to V          let firmware version V install although its security
                                              version is below the highest installed (operator override,
                                              audited; remove it once V is installed)
              --handler PATH                  executable that does the device's real steps: called as
                                              PATH download-verified FILE | install FILE VERSION | reboot |
                                              health-check | commit | rollback | factory-reset; exit 0 done,
                                              3 not done here (the agent simulates the step), else failed
                                              (default: env DEVICE_HANDLER; none: every step simulated;
                                              see docs/device-app.md, "Handlers")
              --handler-timeout STEP=SECONDS  a step's time limit, repeatable (defaults: install 1800,
                                              rollback and factory-reset 600, commit 60, others 300)
              --time-zone ZONE                this device's IANA time zone (e.g. Europe/Berlin), for
                                              install windows in device-local time; reported as
                                              'timeZone' (default: the system's zone)
              --reboot-delay-seconds N        how long a simulated reboot stays down (default: 5)
              --initial-firmware-version V    factory firmware version (default: 1.0.0)
              --health-watch-seconds N        after an update reports applyComplete, keep the new version
                                              provisional for N s (0-86400), re-running the self-test and
                                              health-check handler; a failure rolls it back and reports
                                              rolledBack with the update's operation id (default: 0, off)
              --health-check-interval-seconds N  time between two checks of that watch (1-3600, default: 60)
              --config FILE                   read options from FILE: one 'key = value' a line, keys being
                                              the options above without '--' (allow-unsigned = true|false;
                                              signing-key may repeat); '#' starts a comment. Flags win over
                                              the file, the file over the environment.
              --help                          print this help

            Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.
            """;

    /**
     * @throws ConfigException for unknown options or keys, bad values, an unreadable config file or a missing
     *     connection string
     */
    public static CliOptions parse(String[] args, Map<String, String> env) throws ConfigException {
        // Flags are collected first so that they win over the config file wherever they stand.
        List<String[]> flags = new ArrayList<>();
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return new CliOptions(
                        true,
                        null,
                        null,
                        null,
                        0,
                        null,
                        List.of(),
                        false,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        Map.of(),
                        0,
                        DEFAULT_HEALTH_CHECK_INTERVAL,
                        null);
            }
            String key = a.startsWith("--") ? a.substring(2) : "";
            if (key.equals("config")) {
                config = Path.of(value(args, ++i, a));
            } else if (key.equals("allow-unsigned")) {
                flags.add(new String[] {key, "true"});
            } else if (KEYS.contains(key)) {
                flags.add(new String[] {key, value(args, ++i, a)});
            } else {
                throw new ConfigException(
                        "unknown option '" + (a.length() > 60 ? a.substring(0, 60) : a) + "'; see --help");
            }
        }
        Draft d = new Draft();
        if (config != null) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ConfigFile.Entry e : ConfigFile.read(config)) {
                if (!KEYS.contains(e.key())) {
                    throw new ConfigException(e.where() + ": unknown key '" + e.key() + "'; keys are the long options"
                            + " of --help without their dashes");
                }
                if (!e.key().equals("signing-key") && !e.key().equals("handler-timeout") && !seen.add(e.key())) {
                    throw new ConfigException(e.where() + ": " + e.key() + " is set twice");
                }
                try {
                    d.set(e.key(), e.value(), e.key(), true);
                } catch (ConfigException bad) {
                    throw new ConfigException(e.where() + ": " + bad.getMessage());
                }
            }
        }
        boolean flagKeys = false;
        for (String[] f : flags) {
            if (f[0].equals("signing-key") && !flagKeys) {
                // Repeated --signing-key flags replace the file's list rather than adding to it.
                flagKeys = true;
                d.keys.clear();
            }
            d.set(f[0], f[1], "--" + f[0], false);
        }
        String cs = d.cs;
        if (cs == null) {
            cs = env.get(ENV_CONNECTION_STRING);
        }
        if (cs == null || cs.isBlank()) {
            throw new ConfigException("no connection string: pass --connection-string, set connection-string in the"
                    + " --config file or set " + ENV_CONNECTION_STRING);
        }
        String ca = d.ca;
        if (ca == null) {
            ca = env.get(ENV_CA_FILE);
        }
        String cert = d.certFile != null ? d.certFile : env.get(ENV_CERT_FILE);
        String key = d.keyFile != null ? d.keyFile : env.get(ENV_KEY_FILE);
        if ((cert == null || cert.isBlank()) != (key == null || key.isBlank())) {
            throw new ConfigException("--cert-file and --key-file go together: an X.509 device needs both");
        }
        if (d.version.isBlank()) {
            throw new ConfigException("--initial-firmware-version must not be empty");
        }
        String handler = d.handler != null ? d.handler : env.get(ENV_HANDLER);
        Path handlerPath = handler == null || handler.isBlank() ? null : HandlerOptions.executable(handler);
        String envKeys = env.get(ENV_SIGNING_KEYS);
        if (d.keys.isEmpty() && envKeys != null) {
            for (String k : envKeys.split(java.io.File.pathSeparator)) {
                if (!k.isBlank()) {
                    d.keys.add(Path.of(k.trim()));
                }
            }
        }
        signingChoice(
                d.keys,
                d.allowUnsigned,
                config == null
                        ? "--signing-key or " + ENV_SIGNING_KEYS
                        : "--signing-key, signing-key in " + config + " or " + ENV_SIGNING_KEYS);
        return new CliOptions(
                false,
                cs,
                Path.of(d.stateDir),
                ca == null || ca.isBlank() ? null : Path.of(ca),
                d.delay,
                d.version,
                List.copyOf(d.keys),
                d.allowUnsigned,
                d.model,
                d.hosts,
                cert == null || cert.isBlank() ? null : Path.of(cert),
                key == null || key.isBlank() ? null : Path.of(key),
                d.allowDowngradeTo,
                config,
                handlerPath,
                Map.copyOf(d.timeouts),
                d.watch,
                d.interval,
                d.timeZone != null ? d.timeZone : java.time.ZoneId.systemDefault());
    }

    /** The options that take a value, plus allow-unsigned; also the config file's keys. */
    static final java.util.Set<String> KEYS = java.util.Set.of(
            "connection-string",
            "state-dir",
            "ca-file",
            "cert-file",
            "key-file",
            "signing-key",
            "allow-unsigned",
            "model",
            "package-hosts",
            "allow-downgrade-to",
            "handler",
            "handler-timeout",
            "reboot-delay-seconds",
            "initial-firmware-version",
            "health-watch-seconds",
            "health-check-interval-seconds",
            "time-zone");

    /** Values as they are being collected; the file's first, then the flags'. */
    private static final class Draft {
        String cs;
        String stateDir = "device-state";
        String ca;
        String certFile;
        String keyFile;
        int delay = 5;
        String version = "1.0.0";
        final List<Path> keys = new ArrayList<>();
        boolean allowUnsigned;
        String model;
        List<String> hosts = List.of();
        String allowDowngradeTo;
        String handler;
        final Map<Step, Duration> timeouts = new java.util.EnumMap<>(Step.class);
        int watch;
        int interval = DEFAULT_HEALTH_CHECK_INTERVAL;
        java.time.ZoneId timeZone;

        /** {@code name} is how the user wrote it ("--model" or "model"), for messages. */
        void set(String key, String v, String name, boolean fromFile) throws ConfigException {
            switch (key) {
                case "connection-string" -> cs = v;
                case "state-dir" -> stateDir = v;
                case "ca-file" -> ca = v;
                case "cert-file" -> certFile = v;
                case "key-file" -> keyFile = v;
                case "signing-key" -> keys.add(Path.of(v));
                case "allow-unsigned" -> allowUnsigned = fromFile ? bool(v, name) : true;
                case "model" -> model = model(v, name);
                case "package-hosts" -> hosts = hosts(v, name);
                case "allow-downgrade-to" -> allowDowngradeTo = version(v, name);
                case "handler" -> handler = v;
                case "handler-timeout" -> HandlerOptions.timeout(v, timeouts);
                case "reboot-delay-seconds" -> delay = seconds(v, name);
                case "initial-firmware-version" -> version = v;
                case "health-watch-seconds" -> watch = whole(v, name, 0, MAX_HEALTH_WATCH_SECONDS);
                case "health-check-interval-seconds" -> interval = whole(v, name, 1, 3600);
                case "time-zone" -> timeZone = timeZone(v, name);
                default -> throw new IllegalStateException("not a key: " + key);
            }
        }
    }

    /**
     * Devices install signed firmware only, unless the operator explicitly waives it; an ambiguous choice
     * is refused rather than guessed.
     *
     * @throws ConfigException when neither or both are chosen
     */
    public static void signingChoice(List<Path> keys, boolean allowUnsigned, String keyOption) throws ConfigException {
        if (keys.isEmpty() && !allowUnsigned) {
            throw new ConfigException("firmware signatures are required: pass --signing-key PEM (the public key from"
                    + " 'manifest keygen'), or --allow-unsigned to install unsigned firmware (development only)");
        }
        if (!keys.isEmpty() && allowUnsigned) {
            throw new ConfigException("--allow-unsigned contradicts " + keyOption
                    + ": a device either verifies signatures or waives them; choose one");
        }
    }

    /** A {@code --model} value: the same characters as a firmware version. */
    public static String model(String v) throws ConfigException {
        return model(v, "--model");
    }

    private static String model(String v, String name) throws ConfigException {
        if (!v.matches(VERSION_CHARS)) {
            throw new ConfigException(name + " must be 1-64 characters: letters, digits, '.', '+', '_' or '-'");
        }
        return v;
    }

    /** A {@code --time-zone} value: an IANA id, as the back-end takes them ({@link TimeZones}). */
    public static java.time.ZoneId timeZone(String v, String name) throws ConfigException {
        return TimeZones.parse(v).orElseThrow(() -> new ConfigException(name + " " + TimeZones.MESSAGE));
    }

    private static String version(String v, String name) throws ConfigException {
        if (!v.matches(VERSION_CHARS)) {
            throw new ConfigException(name + " must be a firmware version: 1-64 letters, digits, '.', '+', '_' or '-'");
        }
        return v;
    }

    private static boolean bool(String v, String name) throws ConfigException {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name + " must be true or false");
        };
    }

    /** A {@code --package-hosts} value: comma-separated host names, lower-cased. */
    public static List<String> hosts(String v) throws ConfigException {
        return hosts(v, "--package-hosts");
    }

    private static List<String> hosts(String v, String name) throws ConfigException {
        List<String> hosts = new ArrayList<>();
        for (String h : v.split(",", -1)) {
            String host = h.trim().toLowerCase(java.util.Locale.ROOT);
            if (!host.matches("[0-9a-z.:\\[\\]-]{1,253}")) {
                throw new ConfigException(name + " must be comma-separated host names, e.g."
                        + " cdn.example.com,fw.example.net (no scheme, port or path)");
            }
            hosts.add(host);
        }
        return List.copyOf(hosts);
    }

    private static String value(String[] args, int i, String option) throws ConfigException {
        if (i >= args.length) {
            throw new ConfigException(option + " needs a value");
        }
        return args[i];
    }

    private static int whole(String v, String name, int min, int max) throws ConfigException {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new ConfigException(name + " must be a whole number from " + min + " to " + max);
    }

    private static int seconds(String v, String name) throws ConfigException {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= 3600) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new ConfigException(name + " must be a whole number from 0 to 3600");
    }
}
