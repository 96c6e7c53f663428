package dev.fleetops.runner.metadata;

import java.util.Set;

/** One function of the app as its function.json describes it; only the trigger kinds the runner serves. */
public sealed interface FunctionMetadata permits FunctionMetadata.Http, FunctionMetadata.Timer, FunctionMetadata.Queue {

    /** The function's name: its directory name in the staging directory. */
    String name();

    EntryPoint entryPoint();

    /** The {@code name} of the trigger binding, which the trigger parameter's annotation names. */
    String triggerName();

    /**
     * An {@code httpTrigger} with an {@code http} output.
     *
     * @param route   the route template without the host's prefix, e.g. {@code devices/{deviceId}/reboot}
     * @param methods upper-case methods; empty means every method
     */
    record Http(
            String name,
            EntryPoint entryPoint,
            String triggerName,
            String route,
            Set<String> methods,
            AuthLevel authLevel)
            implements FunctionMetadata {
        public Http {
            methods = Set.copyOf(methods);
        }

        public boolean allows(String method) {
            return methods.isEmpty() || methods.contains(method);
        }
    }

    /**
     * A {@code timerTrigger}; {@code schedule} is as written, possibly a {@code %SETTING%} reference.
     *
     * @param useMonitor   {@code useMonitor}, true unless set (the host's {@code CoreExtensionsScriptBindingProvider})
     * @param runOnStartup {@code runOnStartup}, false unless set
     */
    record Timer(
            String name,
            EntryPoint entryPoint,
            String triggerName,
            String schedule,
            boolean useMonitor,
            boolean runOnStartup)
            implements FunctionMetadata {}

    /**
     * A {@code queueTrigger}; {@code queueName} and {@code connection} as written ({@code %SETTING%} references are
     * resolved when the app loads).
     *
     * @param connection the name of the setting with the storage connection; null when unset
     * @param dataType   {@code dataType} ({@code binary} sends the body as bytes); null when unset
     */
    record Queue(
            String name,
            EntryPoint entryPoint,
            String triggerName,
            String queueName,
            String connection,
            String dataType)
            implements FunctionMetadata {
        public boolean binary() {
            return "binary".equalsIgnoreCase(dataType);
        }
    }
}
