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
 * @param x509Share      share of the devices (0-1) run as self-signed X.509 devices ({@code --x509})
 * @param healthWatchSeconds every device's post-update health watch ({@code --health-watch-seconds}; 0 for none)
 * @param healthCheckIntervalSeconds the time between two checks of that watch
 * @param timeZones      the devices' own zones, given out in turn ({@code --time-zones}); empty: the system's
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
        List<String> packageHosts,
        double x509Share,
        int healthWatchSeconds,
        int healthCheckIntervalSeconds,
        List<java.time.ZoneId> timeZones) {
    public static final int MAX_COUNT = 10_000;
    /**
     * Simulated devices watch a new version this long by default: long enough for a "regress" device to roll back
     * within a rollout's soak, short enough that tests do not wait for it.
     */
    public static final int DEFAULT_HEALTH_WATCH_SECONDS = 5;

    public static final int DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS = 1;

    /** The default health watch and every device in the system's zone, as before those options existed. */
    public SimulateOptions(
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
            List<String> packageHosts,
            double x509Share) {
        this(
                help,
                count,
                hubConfig,
                stateDir,
                profile,
                seed,
                rebootDelaySeconds,
                startPerSecond,
                initialFirmwareVersion,
                signingKeys,
                allowUnsigned,
                model,
                packageHosts,
                x509Share,
                DEFAULT_HEALTH_WATCH_SECONDS,
                DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS,
                List.of());
    }

    /** Device number {@code index}'s own zone: the zones in turn, or the system's. */
    public java.time.ZoneId timeZone(int index) {
        return timeZones.isEmpty() ? java.time.ZoneId.systemDefault() : timeZones.get(index % timeZones.size());
    }

    /** All SAS devices, as before {@code --x509} existed (benchmarks build options this way). */
    public SimulateOptions(
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
        this(
                help,
                count,
                hubConfig,
                stateDir,
                profile,
                seed,
                rebootDelaySeconds,
                startPerSecond,
                initialFirmwareVersion,
                signingKeys,
                allowUnsigned,
                model,
                packageHosts,
                0);
    }

    /**
     * Whether device number {@code index} runs as an X.509 device: every (1/share)-th device, so exactly
     * floor(count x share) of them, spread evenly and the same whatever the seed or profile.
     */
    public boolean x509(int index) {
        // The epsilon keeps e.g. 0.29 x 100 (28.999…) from losing a device to rounding.
        return Math.floor((index + 1) * x509Share + 1e-9) > Math.floor(index * x509Share + 1e-9);
    }

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
              --time-zones Z1,Z2              the devices' IANA time zones, given out in turn (device 1
                                              Z1, device 2 Z2, …), for install windows in device-local
                                              time (default: the system's zone for all)
              --x509 SHARE                    run this share (0-1) of the devices as X.509 devices: each
                                              makes a self-signed certificate (key 0600 in its state
                                              directory), is re-registered in the hub as selfSigned with
                                              its thumbprint and connects with it; 1 for all (default: 0)
              --health-watch-seconds N        after applyComplete, every device keeps the new version
                                              provisional for N s (0-86400), re-checking it; a "regress"
                                              device fails that check and reports rolledBack (default: 5;
                                              0 turns it off, but "regress" devices keep a 5 s watch)
              --health-check-interval-seconds N  time between two checks of that watch (1-3600, default: 1)
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
        double x509 = 0;
        int watch = DEFAULT_HEALTH_WATCH_SECONDS;
        int interval = DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS;
        List<java.time.ZoneId> zones = List.of();
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
                case "--x509" -> x509 = share(value(args, ++i, a), a);
                case "--health-watch-seconds" ->
                    watch = number(value(args, ++i, a), a, 0, CliOptions.MAX_HEALTH_WATCH_SECONDS);
                case "--health-check-interval-seconds" -> interval = number(value(args, ++i, a), a, 1, 3600);
                case "--time-zones" -> zones = zones(value(args, ++i, a), a);
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
                hosts,
                x509,
                watch,
                interval,
                zones);
    }

    private static List<java.time.ZoneId> zones(String v, String option) throws ConfigException {
        List<java.time.ZoneId> out = new ArrayList<>();
        for (String z : v.split(",", -1)) {
            out.add(CliOptions.timeZone(z.trim(), option));
        }
        return List.copyOf(out);
    }

    private static String value(String[] args, int i, String option) throws ConfigException {
        if (i >= args.length) {
            throw new ConfigException(option + " needs a value");
        }
        return args[i];
    }

    private static double share(String v, String option) throws ConfigException {
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new ConfigException(option + " must be a share from 0 to 1, e.g. 0.25 (1 for every device)");
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
