package dev.fleetops.device.handler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of a handler: what it is told in its arguments and environment.
 *
 * @param attempt         1 the first time this step runs for the operation, higher when a restart re-runs it
 * @param version         the version being installed (the update's, also for its rollback), or null
 * @param previousVersion the version the device falls back to on rollback, or null
 * @param file            the verified package, or null for steps without one
 */
public record StepCall(
        Step step, String operationId, int attempt, String version, String previousVersion, Path file, Path stateDir) {

    /** The argument vector after the executable: the step name, then its documented arguments. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(List.of(step.wireName()));
        switch (step) {
            case DOWNLOAD_VERIFIED -> args.add(file.toString());
            case INSTALL -> {
                args.add(file.toString());
                args.add(version);
            }
            default -> {
                // no arguments: everything else is in the environment
            }
        }
        return args;
    }
}
