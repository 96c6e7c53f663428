package dev.fleetops.runner.stack.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.manifest.ManifestCli;
import dev.fleetops.runner.stack.firmware.FirmwarePackage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code --demo} scenario, through the HTTP API only, as a portal would drive it:
 * <ol>
 *   <li>reboot one healthy device and wait until it reports {@code completed};</li>
 *   <li>a staged firmware rollout whose canary wave contains devices with a failing self-test: it must
 *       abort on its abort criterion, with the second wave never dispatched;</li>
 *   <li>a staged rollout to the healthy devices, which must complete with every device succeeded.</li>
 * </ol>
 * Every step checks what it expects and throws {@link DemoFailure} naming what it saw otherwise.
 */
public final class DemoScenario {
    private static final Set<String> TERMINAL = Set.of("completed", "aborted", "canceled");
    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * @param packagesUrl https base URL under which the files of {@code packagesDir} are served
     * @param signingKey  the private key (from {@code manifest keygen}) whose public half the simulated devices
     *                    trust: every package of the demo is signed, as the devices install nothing else
     */
    public record Settings(
            String apiBase,
            String key,
            Path packagesDir,
            String packagesUrl,
            DemoFleet fleet,
            Duration stepTimeout,
            Path signingKey) {}

    private final Settings settings;
    private final FleetOpsApi api;
    private final Terminal out;

    public DemoScenario(Settings settings, boolean tty) {
        this.settings = settings;
        this.api = new FleetOpsApi(settings.apiBase(), settings.key());
        this.out = new Terminal(System.out, tty);
    }

    public void run() {
        DemoFleet fleet = settings.fleet();
        out.say("demo: " + (fleet.healthy().size() + fleet.failHealth().size()) + " devices, "
                + fleet.failHealth().size() + " of them with a failing self-test: " + fleet.failHealth());
        api.get("/api/operations");
        long start = System.nanoTime();
        reboot(fleet.healthy().get(0));
        out.say("    (" + secondsSince(start) + ")");
        long canary = System.nanoTime();
        canaryAborts(fleet);
        out.say("    (" + secondsSince(canary) + ")");
        long rollout = System.nanoTime();
        rolloutSucceeds(fleet);
        out.say("    (" + secondsSince(rollout) + ")");
        out.say("\ndemo passed in " + secondsSince(start)
                + ": reboot completed, the canary rollout aborted on its threshold,"
                + " the rollout to the healthy devices completed.");
    }

    // ---- step 1 --------------------------------------------------------------------------------

    private void reboot(String deviceId) {
        out.say("\n1/3 reboot " + deviceId);
        JsonObject accepted = api.post("/api/devices/" + deviceId + "/reboot", "{}", 202);
        String statusUrl = accepted.get("statusUrl").getAsString();
        JsonObject op = await("reboot of " + deviceId, () -> api.get(statusUrl).getAsJsonObject("operation"), o -> {
            out.progress(String.format(
                    "%-22s %s",
                    "reboot " + deviceId,
                    o == null ? "pending" : o.get("status").getAsString()));
            return o != null && o.get("terminal").getAsBoolean();
        });
        if (op.get("failed").getAsBoolean()
                || !"completed".equals(op.get("status").getAsString())) {
            throw new DemoFailure("the reboot of " + deviceId + " ended as " + op + ", expected completed");
        }
        out.say("    " + deviceId + " rebooted and reported completed (operation "
                + accepted.get("operationId").getAsString() + ")");
    }

    // ---- step 2 --------------------------------------------------------------------------------

    /**
     * The canary rollout's targets: {@link DemoFleet#FAILING_NEEDED} failing and two healthy devices in
     * waves of 3 and 6 devices. Wave membership is a hash of (operation, device), so any 3 of these 6
     * can form the canary; with only two healthy ones among them, the canary always has a failing device.
     */
    static List<String> canaryTargets(DemoFleet fleet) {
        List<String> targets = new ArrayList<>(fleet.failHealth().subList(0, DemoFleet.FAILING_NEEDED));
        targets.addAll(fleet.healthy().subList(1, 3));
        return targets;
    }

    private void canaryAborts(DemoFleet fleet) {
        List<String> targets = canaryTargets(fleet);
        out.say("\n2/3 firmware 2.0.0 to " + targets.size() + " devices in waves of 3 + 3, abort at 25% failures");
        String body = firmwareOperation(
                publish("demo-fw-2.0.0.bin", "2.0.0", 1), "2.0.0", targets, "\"waves\":[3,6],\"wavesAreCounts\":true");
        JsonObject done = runOperation("canary rollout 2.0.0", body);
        String state = done.get("state").getAsString();
        String reason = done.has("reason") && !done.get("reason").isJsonNull()
                ? done.get("reason").getAsString()
                : "";
        if (!"aborted".equals(state) || !reason.contains("abort threshold")) {
            throw new DemoFailure("the canary rollout should abort on its threshold, but ended " + state + " (" + reason
                    + "): " + done);
        }
        JsonObject secondWave = done.getAsJsonArray("waves").get(1).getAsJsonObject();
        long canceled = secondWave.getAsJsonObject("counts").get("canceled").getAsLong();
        if (canceled != secondWave.get("size").getAsLong()) {
            throw new DemoFailure("after the abort every device of the second wave should be canceled, not dispatched: "
                    + secondWave);
        }
        String id = done.get("id").getAsString();
        JsonArray failed = api.get("/api/operations/" + id + "/devices?state=failed&pageSize=100")
                .getAsJsonArray("devices");
        if (failed.isEmpty()) {
            throw new DemoFailure("the aborted canary rollout lists no failed device: " + done);
        }
        for (JsonElement d : failed) {
            String deviceId = d.getAsJsonObject().get("deviceId").getAsString();
            if (!fleet.failHealth().contains(deviceId)) {
                throw new DemoFailure(deviceId + " failed the canary rollout but is a healthy device: " + d);
            }
        }
        out.say("    aborted as expected: " + reason);
        // An abort cancels the queued devices, not those already updating: let them finish, or the next
        // rollout would find them busy (a device refuses a second update while one runs). Devices know
        // the attempt as "<operation>.a<attempt>" (docs/rollouts.md).
        JsonArray running = api.get("/api/operations/" + id + "/devices?state=in_progress&pageSize=100")
                .getAsJsonArray("devices");
        for (JsonElement e : running) {
            String deviceId = e.getAsJsonObject().get("deviceId").getAsString();
            String status = "/api/devices/" + deviceId + "/status?operationId=" + id + ".a"
                    + e.getAsJsonObject().get("attempt").getAsInt();
            await(
                    "the update already running on " + deviceId,
                    () -> api.get(status).getAsJsonObject("operation"),
                    op -> {
                        out.progress(String.format(
                                "%-22s %s",
                                "settling " + deviceId,
                                op == null ? "pending" : op.get("status").getAsString()));
                        return op != null && op.get("terminal").getAsBoolean();
                    });
        }
        out.say("    the " + running.size() + " device(s) still updating when it aborted finished");
    }

    // ---- step 3 --------------------------------------------------------------------------------

    private void rolloutSucceeds(DemoFleet fleet) {
        List<String> targets = fleet.healthy();
        out.say("\n3/3 firmware 2.1.0 to the " + targets.size() + " healthy devices in waves of 20% + 80%");
        String body =
                firmwareOperation(publish("demo-fw-2.1.0.bin", "2.1.0", 2), "2.1.0", targets, "\"waves\":[20,100]");
        JsonObject done = runOperation("rollout 2.1.0", body);
        long succeeded = done.getAsJsonObject("counts").get("succeeded").getAsLong();
        if (!"completed".equals(done.get("state").getAsString()) || succeeded != targets.size()) {
            throw new DemoFailure(
                    "the rollout to healthy devices should complete with " + targets.size() + " succeeded: " + done);
        }
        String version =
                api.get("/api/devices/" + targets.get(0)).get("firmwareVersion").getAsString();
        if (!"2.1.0".equals(version)) {
            throw new DemoFailure(
                    targets.get(0) + " reports firmware " + version + " after the rollout, expected 2.1.0");
        }
        out.say("    completed: " + succeeded + " of " + targets.size() + " devices run 2.1.0");
    }

    // ---- shared --------------------------------------------------------------------------------

    /** @param signed the manifest fields {@code manifest sign} printed, to merge into the firmware object */
    private record Package(String uri, String sha256, long size, JsonObject signed) {}

    private String firmwareOperation(Package p, String version, List<String> targets, String waves) {
        JsonArray ids = new JsonArray();
        targets.forEach(ids::add);
        return "{\"action\":\"firmwareUpdate\",\"firmware\":{\"version\":\"" + version + "\",\"packageUri\":\""
                + p.uri()
                + "\",\"sha256\":\"" + p.sha256() + "\",\"sizeBytes\":" + p.size() + signedFields(p.signed())
                + "},\"target\":{\"deviceIds\":"
                + ids
                + "},\"rollout\":{" + waves + ",\"maxPerMinute\":600},"
                + "\"abort\":[{\"failureType\":\"ALL\",\"minFinished\":1,\"thresholdPercent\":25}],\"deviceTimeoutMinutes\":5}";
    }

    /** Starts an operation, draws its bar until it ends, and returns its final summary. */
    private JsonObject runOperation(String label, String body) {
        JsonObject created = api.post("/api/operations", body, 202);
        String path = "/api/operations/" + created.get("id").getAsString();
        out.say("    operation " + created.get("id").getAsString() + "; report: " + settings.apiBase() + path
                + "/report");
        return await(label, () -> api.get(path), o -> {
            out.progress(ProgressBar.render(label, o.get("state").getAsString(), o.getAsJsonObject("counts")));
            return TERMINAL.contains(o.get("state").getAsString());
        });
    }

    private static String signedFields(JsonObject signed) {
        StringBuilder b = new StringBuilder();
        signed.entrySet()
                .forEach(e -> b.append(",\"").append(e.getKey()).append("\":").append(e.getValue()));
        return b.toString();
    }

    /** Publishes the stack's package for {@code version} ({@link FirmwarePackage}: the same bytes in every run). */
    private Package publish(String name, String version, int securityVersion) {
        byte[] bytes = FirmwarePackage.bytes(version, FirmwarePackage.DEFAULT_SIZE);
        try {
            Files.write(settings.packagesDir().resolve(name), bytes);
            String sha = FirmwarePackage.sha256Hex(bytes);
            return new Package(
                    settings.packagesUrl() + "/" + name,
                    sha,
                    bytes.length,
                    sign(version, sha, bytes.length, securityVersion));
        } catch (IOException e) {
            throw new DemoFailure("cannot write the firmware package " + name + ": " + e.getMessage());
        }
    }

    /**
     * Signs as an operator does, with the device app's own {@code manifest sign} (device-app.jar is on the
     * class path): a v2 manifest with a security version and a one-day expiry; its printed fields go into the
     * request unchanged.
     */
    private JsonObject sign(String version, String sha, long size, int securityVersion) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = ManifestCli.run(
                new String[] {
                    "sign",
                    "--key",
                    settings.signingKey().toString(),
                    "--version",
                    version,
                    "--sha256",
                    sha,
                    "--size",
                    Long.toString(size),
                    "--security-version",
                    Integer.toString(securityVersion),
                    "--expires-in-days",
                    "1"
                },
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new DemoFailure("cannot sign firmware " + version + ": " + stderr.toString(StandardCharsets.UTF_8));
        }
        return JsonParser.parseString(stdout.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String secondsSince(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - nanos) / 1e9);
    }

    private interface Read<T> {
        T get();
    }

    private <T> T await(String what, Read<T> read, Function<T, Boolean> done) {
        long deadline = System.nanoTime() + settings.stepTimeout().toNanos();
        while (true) {
            T value = read.get();
            if (done.apply(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure(what + " did not finish within "
                        + settings.stepTimeout().toSeconds() + " s; last seen: " + value);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted");
            }
        }
    }
}
