package dev.fleetops.runner.metadata;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the runner read from a staging directory.
 *
 * @param routePrefix host.json {@code extensions.http.routePrefix}, {@code "api"} when unset; may be empty
 * @param skipped     functions found but not served, each with the reason
 * @param queues      host.json {@code extensions.queues}
 * @param singleton   host.json {@code singleton}
 */
public record AppMetadata(
        Path appDir,
        String routePrefix,
        List<FunctionMetadata> functions,
        List<Skipped> skipped,
        QueuesOptions queues,
        SingletonOptions singleton) {

    public AppMetadata {
        functions = List.copyOf(functions);
        skipped = List.copyOf(skipped);
        queues = queues == null ? QueuesOptions.DEFAULTS : queues;
        singleton = singleton == null ? SingletonOptions.DEFAULTS : singleton;
    }

    /** A function the runner does not serve, and why. */
    public record Skipped(String name, String reason) {}
}
