package dev.fleetops.runner.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionJsonLoaderTest {
    @TempDir
    Path app;

    private void write(String function, String json) throws IOException {
        Files.writeString(Files.createDirectories(app.resolve(function)).resolve("function.json"), json);
    }

    @Test
    void anHttpFunctionKeepsRouteMethodsAuthLevelAndEntryPoint() throws IOException {
        write("Reboot", """
                {"scriptFile":"../app.jar","entryPoint":"dev.fleetops.functions.http.DeviceActionFunctions.reboot",
                 "bindings":[{"type":"httpTrigger","direction":"in","name":"req","route":"devices/{deviceId}/reboot",
                 "methods":["post"],"authLevel":"FUNCTION"},{"type":"http","direction":"out","name":"$return"}]}""");
        AppMetadata meta = FunctionJsonLoader.load(app);
        FunctionMetadata.Http f = (FunctionMetadata.Http) meta.functions().get(0);
        assertEquals("devices/{deviceId}/reboot", f.route());
        assertEquals(Set.of("POST"), f.methods());
        assertEquals(AuthLevel.FUNCTION, f.authLevel());
        assertEquals("req", f.triggerName());
        assertEquals(
                new EntryPoint(app.resolve("app.jar"), "dev.fleetops.functions.http.DeviceActionFunctions", "reboot"),
                f.entryPoint());
        assertEquals("api", meta.routePrefix());
    }

    @Test
    void anHttpFunctionWithoutRouteOrAuthLevelUsesItsNameAndFunctionLevel() throws IOException {
        write("Ping", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.ping","bindings":[{"type":"httpTrigger","name":"req"}]}""");
        FunctionMetadata.Http f =
                (FunctionMetadata.Http) FunctionJsonLoader.load(app).functions().get(0);
        assertEquals("Ping", f.route());
        assertEquals(AuthLevel.FUNCTION, f.authLevel());
        assertTrue(f.allows("PATCH"));
    }

    @Test
    void aTimerFunctionKeepsItsScheduleUnresolved() throws IOException {
        write("ProgressTimer", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.run",
                 "bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"%PROGRESS_SCHEDULE%"}]}""");
        assertEquals(
                new FunctionMetadata.Timer(
                        "ProgressTimer",
                        new EntryPoint(app.resolve("app.jar"), "a.B", "run"),
                        "timer",
                        "%PROGRESS_SCHEDULE%",
                        true,
                        false),
                FunctionJsonLoader.load(app).functions().get(0));
    }

    @Test
    void aTimerCanTurnItsScheduleMonitorOffAndRunOnStartup() throws IOException {
        write("Tick", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.run","bindings":[{"type":"timerTrigger","name":"t",
                 "schedule":"0 * * * * *","useMonitor":false,"runOnStartup":true}]}""");
        FunctionMetadata.Timer t = (FunctionMetadata.Timer)
                FunctionJsonLoader.load(app).functions().get(0);
        assertEquals(false, t.useMonitor());
        assertEquals(true, t.runOnStartup());
        assertEquals("t", t.triggerName());
    }

    @Test
    void aQueueFunctionKeepsItsQueueConnectionAndDataTypeUnresolved() throws IOException {
        write("Dispatch", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.q","bindings":[{"type":"queueTrigger","name":"m",
                 "direction":"in","queueName":"%ROLLOUT_DISPATCH_QUEUE%","connection":"AzureWebJobsStorage"}]}""");
        assertEquals(
                new FunctionMetadata.Queue(
                        "Dispatch",
                        new EntryPoint(app.resolve("app.jar"), "a.B", "q"),
                        "m",
                        "%ROLLOUT_DISPATCH_QUEUE%",
                        "AzureWebJobsStorage",
                        null),
                FunctionJsonLoader.load(app).functions().get(0));
    }

    @Test
    void hostJsonQueuesAndSingletonOptionsHaveTheExtensionsDefaultsAndCanBeSet() throws IOException {
        write("Dispatch", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.q","bindings":[{"type":"queueTrigger","name":"m"}]}""");
        AppMetadata meta = FunctionJsonLoader.load(app);
        assertEquals(QueuesOptions.DEFAULTS, meta.queues());
        assertEquals(8 * 4, meta.queues().newBatchThreshold(4), "(batchSize / 2) * processorCount");
        assertEquals(SingletonOptions.DEFAULTS, meta.singleton());
        Files.writeString(app.resolve("host.json"), """
                {"version":"2.0","singleton":{"listenerLockPeriod":"00:00:30"},
                 "extensions":{"queues":{"BatchSize":8,"newBatchThreshold":3,"maxPollingInterval":"00:00:02",
                 "visibilityTimeout":"00:00:30","maxDequeueCount":2,"messageEncoding":"none"}}}""");
        meta = FunctionJsonLoader.load(app);
        assertEquals(
                new QueuesOptions(
                        8,
                        3,
                        java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(30),
                        2,
                        QueuesOptions.Encoding.NONE),
                meta.queues());
        assertEquals(java.time.Duration.ofSeconds(30), meta.singleton().listenerLockPeriod());
        Files.writeString(app.resolve("host.json"), """
                {"version":"2.0","extensions":{"queues":{"batchSize":64}}}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionJsonLoader.load(app));
        assertTrue(e.getMessage().contains("batchSize must be 1 to 32"), e.getMessage());
        Files.writeString(app.resolve("host.json"), """
                {"version":"2.0","extensions":{"queues":{"maxPollingInterval":2000}}}""");
        e = assertThrows(IllegalArgumentException.class, () -> FunctionJsonLoader.load(app));
        assertTrue(e.getMessage().contains("maxPollingInterval must be a TimeSpan"), e.getMessage());
    }

    @Test
    void functionsWithOtherTriggersOrBindingsAreSkippedWithAReason() throws IOException {
        write("Queue", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.q","bindings":[{"type":"serviceBusTrigger","name":"m"}]}""");
        write("Snapshot", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.s","bindings":[{"type":"timerTrigger","schedule":"0 * * * * *"},
                 {"type":"blob","direction":"out","name":"b"}]}""");
        AppMetadata meta = FunctionJsonLoader.load(app);
        assertEquals(0, meta.functions().size());
        assertEquals(
                new AppMetadata.Skipped("Queue", "trigger 'serviceBusTrigger' is outside the runner's scope"),
                meta.skipped().get(0));
        assertEquals(
                new AppMetadata.Skipped("Snapshot", "binding type 'blob' is outside the runner's scope"),
                meta.skipped().get(1));
    }

    @Test
    void hostJsonCanChangeOrRemoveTheRoutePrefix() throws IOException {
        write("Ping", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.ping","bindings":[{"type":"httpTrigger","name":"req"}]}""");
        Files.writeString(app.resolve("host.json"), """
                {"version":"2.0","extensions":{"http":{"routePrefix":"/v1/"}}}""");
        assertEquals("v1", FunctionJsonLoader.load(app).routePrefix());
        Files.writeString(app.resolve("host.json"), """
                {"version":"2.0","extensions":{"http":{"routePrefix":""}}}""");
        assertEquals("", FunctionJsonLoader.load(app).routePrefix());
    }

    @Test
    void aDirectoryWithoutFunctionsIsRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionJsonLoader.load(app));
        assertTrue(e.getMessage().contains("mvn package"), e.getMessage());
    }

    @Test
    void aBrokenFunctionJsonIsRefusedNamingTheFile() throws IOException {
        write("Broken", "{\"scriptFile\":");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionJsonLoader.load(app));
        assertTrue(e.getMessage().contains("Broken"), e.getMessage());
    }
}
