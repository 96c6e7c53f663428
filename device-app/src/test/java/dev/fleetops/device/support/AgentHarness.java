package dev.fleetops.device.support;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.action.Sleeper;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.agent.ActionHandlers;
import dev.fleetops.device.agent.AgentConfig;
import dev.fleetops.device.agent.Backoff;
import dev.fleetops.device.agent.DeviceAgent;
import dev.fleetops.device.agent.Startup;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.LoadResult;
import dev.fleetops.device.state.StateStore;
import dev.fleetops.device.transport.MethodResult;
import dev.fleetops.testkit.TestClock;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/** A device agent on a {@link FakeHubSession} and a temp state directory, with zero reboot delay. */
public final class AgentHarness implements AutoCloseable {
    public static final String FACTORY_VERSION = "1.0.0";

    public final Path dir;
    public final FakeHubSession hub = new FakeHubSession();
    public final TestClock clock = TestClock.ticking(TestClock.START, Duration.ofSeconds(1));
    public final StateStore store;
    private final AtomicInteger ids = new AtomicInteger();
    private Sleeper sleeper = d -> {};
    private HttpClient http = HttpClient.newHttpClient();
    private UpdateSettings updates = UpdateSettings.defaults().withHealthDeadline(Duration.ofMillis(300));
    private ToLongFunction<Path> freeSpace = Downloader::usableSpace;
    private DeviceAgent agent;
    private String deviceId;
    private ActionHandlers handlers = ActionHandlers.STANDARD;
    private java.time.ZoneId zone = java.time.ZoneOffset.UTC;

    public AgentHarness(Path dir) {
        this.dir = dir;
        this.store = new StateStore(dir, clock);
    }

    public AgentHarness sleeper(Sleeper s) {
        this.sleeper = s;
        return this;
    }

    public AgentHarness http(HttpClient client) {
        this.http = client;
        return this;
    }

    public AgentHarness updates(UpdateSettings u) {
        this.updates = u;
        return this;
    }

    public UpdateSettings updates() {
        return updates;
    }

    /** The device id the agent puts into its log lines (none by default). */
    public AgentHarness deviceId(String id) {
        this.deviceId = id;
        return this;
    }

    /** The actions the agent answers (FleetOps' own by default). */
    public AgentHarness handlers(ActionHandlers h) {
        this.handlers = h;
        return this;
    }

    /** The device's own time zone (its clock's, as {@code --time-zone} sets it); UTC by default. */
    public AgentHarness zone(java.time.ZoneId z) {
        this.zone = z;
        return this;
    }

    public AgentHarness freeSpace(ToLongFunction<Path> f) {
        this.freeSpace = f;
        return this;
    }

    public DeviceAgent start() throws Exception {
        startNoWait();
        idle();
        return agent;
    }

    /** Boots the agent without waiting for recovery work queued on its action thread. */
    public DeviceAgent startNoWait() {
        AgentConfig config = new AgentConfig(
                zoned(clock, zone),
                sleeper,
                new Downloader(http, freeSpace, 3, Duration.ZERO),
                Duration.ZERO,
                FACTORY_VERSION,
                () -> "gen-" + ids.incrementAndGet(),
                new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), new SplittableRandom(1)),
                updates,
                handlers);
        agent = DeviceAgent.start(hub, Startup.load(store, FACTORY_VERSION, w -> {}), config, deviceId);
        return agent;
    }

    /** {@code c}'s instants on the wall clock of {@code z} (the test clock itself always says UTC). */
    private static java.time.Clock zoned(java.time.Clock c, java.time.ZoneId z) {
        return new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return z;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId other) {
                return zoned(c, other);
            }

            @Override
            public java.time.Instant instant() {
                return c.instant();
            }
        };
    }

    public MethodResult call(String method, String json) {
        return hub.invoke(method, StrictJson.parse(json));
    }

    public void idle() throws Exception {
        agent.awaitIdle(Duration.ofSeconds(10));
    }

    public DeviceAgent agent() {
        return agent;
    }

    /** The state as persisted on disk, not as held in memory. */
    public DeviceState onDisk() {
        return ((LoadResult.Loaded) store.load()).state();
    }

    public static String ackResult(MethodResult r) {
        return ((JsonObject) r.payload()).get("result").getAsString();
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
    }
}
