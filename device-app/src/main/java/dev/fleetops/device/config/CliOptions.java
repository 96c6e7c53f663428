package dev.fleetops.device.config;

import dev.fleetops.device.handler.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * @param handler       the device's handler executable ({@code --handler}), or null for the simulated steps
 * @param handlerTimeouts per-step timeouts ({@code --handler-timeout STEP=SECONDS}); others keep their defaults
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
        Path handler,
        Map<Step, Duration> handlerTimeouts) {
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
              --handler PATH                  executable that does the device's real steps: called as
                                              PATH download-verified FILE | install FILE VERSION | reboot |
                                              health-check | commit | rollback | factory-reset; exit 0 done,
                                              3 not done here (the agent simulates the step), else failed
                                              (default: env DEVICE_HANDLER; none: every step simulated;
                                              see docs/device-app.md, "Handlers")
              --handler-timeout STEP=SECONDS  a step's time limit, repeatable (defaults: install 1800,
                                              rollback and factory-reset 600, commit 60, others 300)
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
        boolean allowUnsigned = false;
        String model = null;
        List<String> hosts = List.of();
        String cert = null;
        String key = null;
        String handler = null;
        Map<Step, Duration> timeouts = new EnumMap<>(Step.class);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return new CliOptions(
                            true, null, null, null, 0, null, List.of(), false, null, List.of(), null, null, null,
                            Map.of());
                }
                case "--connection-string" -> cs = value(args, ++i, a);
                case "--state-dir" -> stateDir = value(args, ++i, a);
                case "--ca-file" -> ca = value(args, ++i, a);
                case "--cert-file" -> cert = value(args, ++i, a);
                case "--key-file" -> key = value(args, ++i, a);
                case "--signing-key" -> keys.add(Path.of(value(args, ++i, a)));
                case "--allow-unsigned" -> allowUnsigned = true;
                case "--model" -> model = model(value(args, ++i, a));
                case "--package-hosts" -> hosts = hosts(value(args, ++i, a));
                case "--handler" -> handler = value(args, ++i, a);
                case "--handler-timeout" -> HandlerOptions.timeout(value(args, ++i, a), timeouts);
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
        cert = cert != null ? cert : env.get(ENV_CERT_FILE);
        key = key != null ? key : env.get(ENV_KEY_FILE);
        if ((cert == null || cert.isBlank()) != (key == null || key.isBlank())) {
            throw new ConfigException("--cert-file and --key-file go together: an X.509 device needs both");
        }
        if (version.isBlank()) {
            throw new ConfigException("--initial-firmware-version must not be empty");
        }
        handler = handler != null ? handler : env.get(ENV_HANDLER);
        Path handlerPath = handler == null || handler.isBlank() ? null : HandlerOptions.executable(handler);
        String envKeys = env.get(ENV_SIGNING_KEYS);
        if (keys.isEmpty() && envKeys != null) {
            for (String k : envKeys.split(java.io.File.pathSeparator)) {
                if (!k.isBlank()) {
                    keys.add(Path.of(k.trim()));
                }
            }
        }
        signingChoice(keys, allowUnsigned, "--signing-key or " + ENV_SIGNING_KEYS);
        return new CliOptions(
                false,
                cs,
                Path.of(stateDir),
                ca == null || ca.isBlank() ? null : Path.of(ca),
                delay,
                version,
                List.copyOf(keys),
                allowUnsigned,
                model,
                hosts,
                cert == null || cert.isBlank() ? null : Path.of(cert),
                key == null || key.isBlank() ? null : Path.of(key),
                handlerPath,
                Map.copyOf(timeouts));
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
        if (!v.matches("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")) {
            throw new ConfigException("--model must be 1-64 characters: letters, digits, '.', '+', '_' or '-'");
        }
        return v;
    }

    /** A {@code --package-hosts} value: comma-separated host names, lower-cased. */
    public static List<String> hosts(String v) throws ConfigException {
        List<String> hosts = new ArrayList<>();
        for (String h : v.split(",", -1)) {
            String host = h.trim().toLowerCase(java.util.Locale.ROOT);
            if (!host.matches("[0-9a-z.:\\[\\]-]{1,253}")) {
                throw new ConfigException("--package-hosts must be comma-separated host names, e.g."
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
