package dev.fleetops.functions.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import dev.fleetops.functions.http.DeviceActionFunctions;
import dev.fleetops.functions.http.DeviceStatusFunctions;
import dev.fleetops.functions.http.ProgressFunction;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.timer.ProgressTimerFunction;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class FleetOpsInjectorTest {

    @Test
    void theWorkerFindsExactlyOneInjector() {
        List<FunctionInstanceInjector> found = new ArrayList<>();
        ServiceLoader.load(FunctionInstanceInjector.class).forEach(found::add);
        assertEquals(1, found.size());
        assertInstanceOf(FleetOpsInjector.class, found.get(0));
    }

    @Test
    void everyFunctionClassCanBeBuiltWithoutSettings() throws Exception {
        FleetOpsInjector injector = new FleetOpsInjector(new AppServices(Map.of(), Clock.systemUTC()));
        for (Class<?> c : List.of(
                DeviceActionFunctions.class,
                DeviceStatusFunctions.class,
                dev.fleetops.functions.http.DeviceLogsFunctions.class,
                dev.fleetops.functions.http.DeviceTimelineFunction.class,
                dev.fleetops.functions.http.InventoryFunctions.class,
                ProgressFunction.class,
                ProgressTimerFunction.class,
                dev.fleetops.functions.http.RolloutFunctions.class,
                dev.fleetops.functions.http.RolloutDevicesFunctions.class,
                dev.fleetops.functions.http.RolloutCommandFunctions.class,
                dev.fleetops.functions.dispatch.DispatchWorkerFunction.class,
                dev.fleetops.functions.timer.RolloutTimerFunction.class)) {
            assertInstanceOf(c, injector.getInstance(c));
        }
    }

    @Test
    void aWorkerWithoutSettingsAnswersWithAConfigurationProblem() throws Exception {
        FleetOpsInjector injector = new FleetOpsInjector(new AppServices(Map.of(), Clock.systemUTC()));
        DeviceActionFunctions f = injector.getInstance(DeviceActionFunctions.class);
        TestHttpResponse r =
                TestHttpResponse.of(f.reboot(TestHttpRequest.post("/x", null), "dev-1", new TestContext("Reboot")));
        assertEquals(500, r.code());
        assertEquals("configuration-error", r.json().get("code").getAsString());
    }

    @Test
    void servicesAreBuiltOncePerWorkerAndShared() {
        AppServices services = new AppServices(
                Map.of(
                        "IOTHUB_CONNECTION_STRING",
                                "HostName=hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=a2V5",
                        "AzureWebJobsStorage", "UseDevelopmentStorage=true"),
                Clock.systemUTC());
        assertSame(services.deviceActions().get(), services.deviceActions().get());
        assertSame(services.progress().get(), services.progress().get());
    }
}
