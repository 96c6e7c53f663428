package dev.fleetops.device.sim;

import dev.fleetops.device.config.CliOptions;
import dev.fleetops.device.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code simulate} command line.
 *
 * @param startPerSecond devices started per second, so a large fleet does not hit the hub all at once
 * @param signingKeys    public keys every simulated device trusts for firmware manifests; empty only with
 *                       {@code allowUnsigned}
 * @param allowUnsigned  the operator waived signatures ({@code --allow-unsigned}); never together with keys
 * @param model          every device's compatibility id ({@code --model}), or null
 * @param packageHosts   hosts packages may come from ({@code --package-hosts}); empty for any
 */
public record SimulateOptions(
        boolean help,
        int count,
        Path hubConfig,
        Path stateDir,
        ProfileMix profile,
        long seed,
        int rebootDelaySeconds,
        int startPerSecond,
        String initialFirmwareVersion,
        List<Path> signingKeys,
        boolean allowUnsigned,
        String model,
        List<String> packageHosts) {
    public static final int MAX_COUNT = 10_000;

    public static final String USAGE = """
            Usage: java -jar device-app.jar simulate --count N --hub-config local-hub.json [options]

            Runs N FleetOps devices in this JVM, each the real agent on its own SDK session and state
            directory, taking the first N devices of the local hub's local-hub.json.

            Options:
              --count N                       devices to run (1-10000)
              --hub-config FILE               local-hub.json written by the local hub
              --state-dir DIR                 parent of the per-device state directories (default: ./sim-state)
              --profile MIX                   shares of misbehaving devices, e.g.
                                              slow=0.1,failDownload=0.05,failHealth=0.05,reject=0.02,offline=0.05,crash=0.02
              --seed S                        makes the behaviour assignment repeatable (default: 1)
              --reboot-delay-seconds N        how long a simulated reboot stays down (default: 5)
              --start-per-second N            connection ramp (default: 50)
              --initial-firmware-version V    factory firmware version (default: 1.0.0)
              --signing-key PEM               public key the devices trust for firmware manifests
                                              (repeatable)
              --allow-unsigned                the devices install unsigned firmware (development only);
                                              one of --signing-key and --allow-unsigned is required
              --model ID                      the devices' model (compatibility id)
              --package-hosts H1,H2           download packages only from these hosts
            """;

    public static SimulateOptions parse(String[] args) throws ConfigException {
        Integer count = null;
        Path hub = null;
        Path state = Path.of("sim-state");
        ProfileMix mix = ProfileMix.ALL_NORMAL;
        long seed = 1;
        int delay = 5;
        int rate = 50;
        String version = "1.0.0";
        List<Path> keys = new ArrayList<>();
        boolean allowUnsigned = false;
        String model = null;
        List<String> hosts = List.of();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return new SimulateOptions(
                            true, 0, null, null, mix, 0, 0, 0, null, List.of(), false, null, List.of());
                }
                case "--count" -> count = number(value(args, ++i, a), a, 1, MAX_COUNT);
                case "--hub-config" -> hub = Path.of(value(args, ++i, a));
                case "--state-dir" -> state = Path.of(value(args, ++i, a));
                case "--profile" -> {
                    try {
                        mix = ProfileMix.parse(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException("--profile: " + e.getMessage());
                    }
                }
                case "--seed" -> seed = number(value(args, ++i, a), a, 0, Integer.MAX_VALUE);
                case "--reboot-delay-seconds" -> delay = number(value(args, ++i, a), a, 0, 3600);
                case "--start-per-second" -> rate = number(value(args, ++i, a), a, 1, 10_000);
                case "--initial-firmware-version" -> version = value(args, ++i, a);
                case "--signing-key" -> keys.add(Path.of(value(args, ++i, a)));
                case "--allow-unsigned" -> allowUnsigned = true;
                case "--model" -> model = CliOptions.model(value(args, ++i, a));
                case "--package-hosts" -> hosts = CliOptions.hosts(value(args, ++i, a));
                default ->
                    throw new ConfigException(
                            "unknown option '" + (a.length() > 60 ? a.substring(0, 60) : a) + "'; see simulate --help");
            }
        }
        if (count == null || hub == null) {
            throw new ConfigException("simulate needs --count and --hub-config; see simulate --help");
        }
        CliOptions.signingChoice(keys, allowUnsigned, "--signing-key");
        return new SimulateOptions(
                false,
                count,
                hub,
                state,
                mix,
                seed,
                delay,
                rate,
                version,
                List.copyOf(keys),
                allowUnsigned,
                model,
                hosts);
    }

    private static String value(String[] args, int i, String option) throws ConfigException {
        if (i >= args.length) {
            throw new ConfigException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String v, String option, int min, int max) throws ConfigException {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new ConfigException(option + " must be a whole number from " + min + " to " + max);
    }
}
