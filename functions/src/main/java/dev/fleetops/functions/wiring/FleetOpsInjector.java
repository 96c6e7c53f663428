package dev.fleetops.functions.wiring;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import dev.fleetops.functions.http.DeviceActionFunctions;
import dev.fleetops.functions.http.DeviceStatusFunctions;
import dev.fleetops.functions.http.ProgressFunction;
import dev.fleetops.functions.http.RolloutCommandFunctions;
import dev.fleetops.functions.http.RolloutDevicesFunctions;
import dev.fleetops.functions.http.RolloutFunctions;
import dev.fleetops.functions.timer.ProgressTimerFunction;
import dev.fleetops.functions.timer.RolloutTimerFunction;
import java.time.Clock;

/**
 * Found by the Java worker through {@code META-INF/services} and kept for the worker's life, so the
 * {@link AppServices} it holds (and the SDK clients inside) are built once per worker, not per call.
 */
public final class FleetOpsInjector implements FunctionInstanceInjector {
    private final AppServices services;

    public FleetOpsInjector() {
        this(new AppServices(System.getenv(), Clock.systemUTC()));
    }

    public FleetOpsInjector(AppServices services) {
        this.services = services;
    }

    @Override
    public <T> T getInstance(Class<T> functionClass) throws Exception {
        Object instance;
        if (functionClass == DeviceActionFunctions.class) {
            instance = new DeviceActionFunctions(services.deviceActions(), services.access());
        } else if (functionClass == dev.fleetops.functions.http.DeviceLogsFunctions.class) {
            instance = new dev.fleetops.functions.http.DeviceLogsFunctions(services.logPulls(), services.access());
        } else if (functionClass == dev.fleetops.functions.http.DeviceTimelineFunction.class) {
            instance = new dev.fleetops.functions.http.DeviceTimelineFunction(
                    services.deviceTimeline(), services.access());
        } else if (functionClass == DeviceStatusFunctions.class) {
            instance = new DeviceStatusFunctions(services.deviceStatus(), services.access());
        } else if (functionClass == ProgressFunction.class) {
            instance = new ProgressFunction(services.progress(), services.access(), services.noProgressYet());
        } else if (functionClass == ProgressTimerFunction.class) {
            instance = new ProgressTimerFunction(services.progress());
        } else if (functionClass == RolloutFunctions.class) {
            instance = new RolloutFunctions(services.operations(), services.operationCommands(), services.access());
        } else if (functionClass == dev.fleetops.functions.http.RolloutReportFunction.class) {
            instance = new dev.fleetops.functions.http.RolloutReportFunction(
                    services.operationCommands(), services.access());
        } else if (functionClass == RolloutDevicesFunctions.class) {
            instance = new RolloutDevicesFunctions(services.operationCommands(), services.access());
        } else if (functionClass == RolloutCommandFunctions.class) {
            instance = new RolloutCommandFunctions(services.operationCommands(), services.access());
        } else if (functionClass == dev.fleetops.functions.http.AuditFunction.class) {
            instance = new dev.fleetops.functions.http.AuditFunction(services.auditLog(), services.access());
        } else if (functionClass == dev.fleetops.functions.http.InventoryFunctions.class) {
            instance = new dev.fleetops.functions.http.InventoryFunctions(services.inventory(), services.access());
        } else if (functionClass == dev.fleetops.functions.http.FirmwareFunctions.class) {
            instance = new dev.fleetops.functions.http.FirmwareFunctions(services.firmware(), services.access());
        } else if (functionClass == dev.fleetops.functions.dispatch.DispatchWorkerFunction.class) {
            instance = new dev.fleetops.functions.dispatch.DispatchWorkerFunction(services.dispatchWorker());
        } else if (functionClass == dev.fleetops.functions.http.SubscriptionFunctions.class) {
            instance =
                    new dev.fleetops.functions.http.SubscriptionFunctions(services.subscriptions(), services.access());
        } else if (functionClass == dev.fleetops.functions.timer.EventDeliveryTimerFunction.class) {
            instance = new dev.fleetops.functions.timer.EventDeliveryTimerFunction(services.eventDelivery());
        } else if (functionClass == RolloutTimerFunction.class) {
            instance = new RolloutTimerFunction(services.ticker(), services.operationCommands());
        } else {
            instance = functionClass.getDeclaredConstructor().newInstance();
        }
        return functionClass.cast(instance);
    }
}
