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
    void functionsWithOtherTriggersOrBindingsAreSkippedWithAReason() throws IOException {
        write("Queue", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.q","bindings":[{"type":"queueTrigger","name":"m"}]}""");
        write("Snapshot", """
                {"scriptFile":"../app.jar","entryPoint":"a.B.s","bindings":[{"type":"timerTrigger","schedule":"0 * * * * *"},
                 {"type":"blob","direction":"out","name":"b"}]}""");
        AppMetadata meta = FunctionJsonLoader.load(app);
        assertEquals(0, meta.functions().size());
        assertEquals(
                new AppMetadata.Skipped("Queue", "trigger 'queueTrigger' is outside the runner's scope"),
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
