package dev.fleetops.runner;

import dev.fleetops.runner.easyauth.EasyAuth;
import dev.fleetops.runner.http.CorsPolicy;
import dev.fleetops.runner.http.RouteTable;
import dev.fleetops.runner.metadata.AuthLevel;
import dev.fleetops.runner.metadata.FunctionMetadata;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The start-up listing, shaped like {@code func start}'s. */
final class Banner {
    private Banner() {}

    /**
     * @param keyGenerated whether the function key was generated for this run
     * @param keyFile      where a generated key was kept, or where the kept key was read from (0600), or null
     */
    static List<String> lines(
            URI base,
            LoadedApp app,
            boolean keyGenerated,
            java.nio.file.Path keyFile,
            CorsPolicy cors,
            EasyAuth easyAuth) {
        List<String> lines = new ArrayList<>();
        lines.add("FleetOps local runner (HTTP, timer and queue triggers only; see local-runner/README.md)");
        lines.add("Functions:");
        List<RouteTable.Route> byName = new ArrayList<>(app.routes().routes());
        byName.sort(Comparator.comparing(r -> r.function().name()));
        for (RouteTable.Route route : byName) {
            FunctionMetadata.Http f = route.function();
            String prefix = app.routes().prefix().isEmpty() ? "" : app.routes().prefix() + "/";
            String methods =
                    f.methods().isEmpty() ? "[ANY]" : f.methods().toString().replace(" ", "");
            String auth = f.authLevel() == AuthLevel.FUNCTION
                    ? ""
                    : " (" + f.authLevel().name().toLowerCase() + ")";
            lines.add("        " + f.name() + ": " + methods + " " + base + "/" + prefix + route.template() + auth);
        }
        app.timers().forEach(t -> lines.add("        " + t.name() + ": timerTrigger (" + t.schedule() + " UTC)"));
        app.queues()
                .forEach(q -> lines.add("        " + q.function().name() + ": queueTrigger (queue '"
                        + q.function().queue() + "')"));
        app.skipped().forEach(s -> lines.add("        " + s.name() + ": NOT SERVED, " + s.reason()));
        // The key is never printed: this output goes to log files (scripts redirect it), and a key in a log is a key
        // for
        // whoever reads the log.
        if (keyFile != null) {
            lines.add("Function key: " + (keyGenerated ? "generated for this run" : "kept from an earlier run")
                    + ", in "
                    + keyFile + " (readable by you only): export " + RunnerConfig.FUNCTION_KEY_SETTING + "=$(cat "
                    + keyFile + ")");
        } else if (!keyGenerated) {
            lines.add("Function key: the one given (--function-key or " + RunnerConfig.FUNCTION_KEY_SETTING
                    + "); not printed");
        } else {
            lines.add("Function key: generated for this run; not printed (set " + RunnerConfig.FUNCTION_KEY_SETTING
                    + " to choose one)");
        }
        lines.add("Send it as header x-functions-key or query ?code=. It is also the master key (authLevel admin).");
        lines.add("CORS: "
                + (cors.enabled()
                        ? String.join(", ", cors.origins()) + (cors.credentials() ? " (credentials)" : "")
                        : "off (--cors ORIGINS, or Host.CORS in local.settings.json)"));
        if (easyAuth == null) {
            lines.add("App Service Authentication: off (FLEETOPS_AUTH=key; --auth entra turns it on)");
        } else {
            lines.add("App Service Authentication: on (Entra ID played locally). Every request but "
                    + String.join(", ", easyAuth.excludedPaths())
                    + " needs 'Authorization: Bearer <token>' as well, else 401.");
            lines.add("  Get a token: java -cp local-runner.jar dev.fleetops.runner.stack.StackTool token --state-dir "
                    + easyAuth.stateDir() + " --role FleetOps.Admin --name alice");
        }
        lines.add("Injector: " + (app.injector() == null ? "none (no-arg constructors)" : app.injector()));
        lines.add("Worker class path under the app (parent first): "
                + app.platform().versions());
        app.warnings().forEach(w -> lines.add("WARNING: " + w));
        lines.add("Host status: " + base + "/admin/host/status");
        return lines;
    }
}
