package dev.fleetops.functions.timer;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.progress.ProgressService;
import dev.fleetops.core.progress.ProgressSettings;
import dev.fleetops.core.progress.ProgressStore;
import dev.fleetops.functions.support.TestContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTimerFunctionTest {
    private final StringBuilder saved = new StringBuilder();
    private final ProgressStore store = new ProgressStore() {
        @Override
        public void save(String runName, String json) {
            saved.append(json);
        }

        @Override
        public Optional<String> latest() {
            return Optional.empty();
        }
    };

    @Test
    void aRunLogsAOneLineDigestAndStoresTheSummary() {
        ProgressService service = new ProgressService(
                (q, n) -> q.equals("SELECT COUNT() AS count FROM devices")
                        ? List.of(StrictJson.parseObject("{\"count\":3}"))
                        : List.<JsonObject>of(),
                store,
                Clock.systemUTC(),
                ProgressSettings.defaults());
        TestContext context = new TestContext("ProgressTimer");
        new ProgressTimerFunction(() -> service).run("{\"isPastDue\":false}", context);
        assertTrue(context.logText().contains("3 devices"), context.logText());
        assertTrue(saved.toString().contains("\"totalDevices\":3"));
    }

    @Test
    void aHubFailureFailsTheInvocationAndIsLogged() {
        ProgressService service = new ProgressService(
                (q, n) -> {
                    throw new HubCallException(HubFailure.of(HubFailure.Kind.THROTTLED, "429"));
                },
                store,
                Clock.systemUTC(),
                ProgressSettings.defaults());
        TestContext context = new TestContext("ProgressTimer");
        assertThrows(HubCallException.class, () -> new ProgressTimerFunction(() -> service).run("{}", context));
        assertTrue(
                context.logText().contains("WARNING ProgressTimer run failed (invocation inv-1)"), context.logText());
    }

    @Test
    void anErrorFailsTheInvocationAndIsLoggedWithItsStackTraceAndInvocationId() {
        TestContext context = new TestContext("ProgressTimer");
        LinkageError shadowed = new NoSuchMethodError(
                "'void com.google.gson.stream.JsonReader.setStrictness(com.google.gson.Strictness)'");
        assertSame(
                shadowed,
                assertThrows(
                        NoSuchMethodError.class,
                        () -> new ProgressTimerFunction(() -> {
                                    throw shadowed;
                                })
                                .run("{}", context)));
        assertTrue(
                context.logText()
                        .contains("SEVERE unexpected java.lang.NoSuchMethodError in ProgressTimer (invocation inv-1)"),
                context.logText());
        assertSame(shadowed, context.records.get(0).getThrown());
    }
}
