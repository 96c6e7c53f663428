package dev.fleetops.runner.stack;

import dev.fleetops.runner.easyauth.LocalTokens;
import dev.fleetops.runner.easyauth.SigningKey;
import dev.fleetops.runner.easyauth.TokenClaims;
import dev.fleetops.runner.stack.demo.DemoFailure;
import dev.fleetops.runner.stack.demo.DemoFleet;
import dev.fleetops.runner.stack.demo.DemoScenario;
import dev.fleetops.runner.stack.firmware.FirmwarePackage;
import dev.fleetops.standins.packages.PackageServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The Java side of {@code scripts/local-stack.sh}, so the script stays a list of processes:
 * <pre>
 * StackTool package-server --dir D --keystore F --password P [--port N]   HTTPS firmware packages, until stopped
 * StackTool wait-devices --hub-config F --count N [--timeout S]           until N devices are connected to the hub
 * StackTool demo --api URL [--key K] --hub-config F --count N --profile MIX --seed S --packages-dir D --packages-url U
 *     --signing-key PRIVATE-PEM
 * StackTool token --state-dir D --name N [--role R[,R...]] [--oid GUID] [--minutes M] [--kind user|app]
 * StackTool add-device --hub-config F --id ID --signing-key PUBLIC-PEM --state-root D [--device-jar J]
 * StackTool firmware-package --version V --out FILE [--size N]            the version's package; prints its SHA-256
 * StackTool events --token T [--webhook-port N] [--eventgrid-port N]     webhook receiver and Event Grid stand-in
 * </pre>
 * {@code add-device} registers a device in the running hub (or finds it registered) and prints its connection string
 * and the command line that runs it as the stack's simulated devices run (the hub's CA, the stack's firmware signing
 * key); its state directory is {@code D/ID}.
 * {@code token} prints a bearer token the local runner accepts when it plays App Service Authentication
 * ({@code --auth entra}), signed with the key in {@code D} (created 0600 if absent, shared with the runner).
 * {@code demo} needs device-app.jar on the class path too (it asks the simulator's ProfileMix which
 * devices misbehave, and signs its packages with {@code manifest sign}). Exit codes: 0 ok, 1 a check or the demo failed, 2 usage.
 */
public final class StackTool {
    private StackTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0
                || !List.of(
                                "package-server",
                                "wait-devices",
                                "demo",
                                "token",
                                "add-device",
                                "firmware-package",
                                "events")
                        .contains(args[0])) {
            System.err.println(
                    "usage: StackTool package-server|wait-devices|demo|token|add-device|firmware-package|events [options]"
                            + " (see the class javadoc)");
            System.exit(2);
        }
        Map<String, String> o;
        try {
            o = options(args);
            System.exit(
                    switch (args[0]) {
                        case "package-server" -> packageServer(o);
                        case "events" -> events(o);
                        case "wait-devices" -> waitDevices(o);
                        case "token" -> token(o);
                        case "add-device" -> addDevice(o);
                        case "firmware-package" -> {
                            System.out.println(FirmwarePackage.write(
                                    required(o, "version"),
                                    Integer.parseInt(
                                            o.getOrDefault("size", String.valueOf(FirmwarePackage.DEFAULT_SIZE))),
                                    Path.of(required(o, "out"))));
                            yield 0;
                        }
                        default -> demo(o);
                    });
        } catch (IllegalArgumentException e) {
            System.err.println("stack: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int packageServer(Map<String, String> o) throws Exception {
        PackageServer server = PackageServer.start(
                Path.of(required(o, "dir")),
                Path.of(required(o, "keystore")),
                required(o, "password").toCharArray(),
                Integer.parseInt(o.getOrDefault("port", "8444")));
        System.out.println("package server: https://127.0.0.1:" + server.port() + "/ serving " + o.get("dir"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /**
     * The local stack's event receivers (docs/rollouts.md, "Events"): a webhook receiver on {@code --webhook-port}
     * (subscribe {@code http://127.0.0.1:<port>/hooks/<name>}; {@code GET} it to read what arrived) and an Event Grid
     * topic stand-in on {@code --eventgrid-port} that takes the bearer token {@code --token}.
     */
    private static int events(Map<String, String> o) throws Exception {
        dev.fleetops.standins.events.WebhookReceiver hooks = dev.fleetops.standins.events.WebhookReceiver.startLenient(
                Integer.parseInt(o.getOrDefault("webhook-port", "7075")));
        dev.fleetops.standins.events.EventGridStandIn grid = dev.fleetops.standins.events.EventGridStandIn.start(
                Integer.parseInt(o.getOrDefault("eventgrid-port", "7076")), required(o, "token"), true);
        System.out.println("webhook receiver: " + hooks.url("<name>") + "; Event Grid topic: " + grid.endpoint());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hooks.close();
            grid.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static int waitDevices(Map<String, String> o) throws InterruptedException {
        HubServiceClient hub = new HubServiceClient(HubConfigFile.read(Path.of(required(o, "hub-config"))));
        long want = Long.parseLong(required(o, "count"));
        long deadline = System.nanoTime()
                + Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout", "120")))
                        .toNanos();
        long connected = -1;
        String problem = null;
        while (System.nanoTime() < deadline) {
            try {
                connected = hub.connectedDevices();
                problem = null;
                if (connected >= want) {
                    System.out.println("devices connected to the hub: " + connected + "/" + want);
                    return 0;
                }
            } catch (java.io.IOException e) {
                problem = e.getMessage();
            }
            Thread.sleep(500);
        }
        System.err.println("error: only " + Math.max(connected, 0) + " of " + want
                + " devices connected to the hub in time" + (problem == null ? "" : " (last query: " + problem + ")"));
        return 1;
    }

    private static int demo(Map<String, String> o) {
        HubConfigFile hub = HubConfigFile.read(Path.of(required(o, "hub-config")));
        int count = Integer.parseInt(required(o, "count"));
        if (count > hub.deviceIds().size()) {
            throw new IllegalArgumentException("--count " + count + " is more than the hub's "
                    + hub.deviceIds().size() + " devices");
        }
        try {
            DemoFleet fleet = DemoFleet.of(
                    hub.deviceIds().subList(0, count), required(o, "profile"), Long.parseLong(required(o, "seed")));
            // The key from the environment: a command line is visible to every user of the machine.
            String key = o.getOrDefault("key", System.getenv("FLEETOPS_FUNCTION_KEY"));
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("set FLEETOPS_FUNCTION_KEY (or --key)");
            }
            DemoScenario.Settings settings = new DemoScenario.Settings(
                    required(o, "api"),
                    key,
                    Path.of(required(o, "packages-dir")),
                    required(o, "packages-url"),
                    fleet,
                    Duration.ofSeconds(Long.parseLong(o.getOrDefault("step-timeout", "240"))),
                    Path.of(required(o, "signing-key")));
            new DemoScenario(settings, System.console() != null).run();
            return 0;
        } catch (DemoFailure e) {
            System.out.println();
            System.err.println("DEMO FAILED: " + e.getMessage());
            return 1;
        }
    }

    private static int addDevice(Map<String, String> o) throws InterruptedException {
        HubConfigFile config = HubConfigFile.read(Path.of(required(o, "hub-config")));
        String id = required(o, "id");
        HubServiceClient hub = new HubServiceClient(config);
        String key;
        try {
            key = hub.registerDevice(id);
        } catch (java.io.IOException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        String cs = hub.deviceConnectionString(id, key);
        AddedDevice added = new AddedDevice(
                id,
                cs,
                o.getOrDefault("device-jar", "device-app/target/device-app.jar"),
                config.caFile(),
                Path.of(required(o, "signing-key")),
                Path.of(required(o, "state-root")).resolve(id));
        added.lines().forEach(System.out::println);
        return 0;
    }

    private static int token(Map<String, String> o) {
        String kind = o.getOrDefault("kind", "user");
        if (!kind.equals("user") && !kind.equals("app")) {
            throw new IllegalArgumentException("--kind must be user or app");
        }
        String roles = o.getOrDefault("role", "");
        TokenClaims claims = new TokenClaims(
                required(o, "name"),
                o.get("oid"),
                roles.isBlank() ? List.of() : List.of(roles.split(",")),
                Duration.ofMinutes(Long.parseLong(o.getOrDefault("minutes", "60"))),
                kind.equals("app"));
        SigningKey key = SigningKey.loadOrCreate(Path.of(required(o, "state-dir")));
        Clock clock = Clock.systemUTC();
        System.out.println(new LocalTokens(key, clock).sign(claims.toJson(key, clock.instant())));
        return 0;
    }

    /** {@code --name value} pairs after the command. */
    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
