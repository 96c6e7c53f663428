package dev.fleetops.runner;

import java.nio.file.Path;

/**
 * The command line: {@code --app DIR [--settings FILE] [--port N] [--function-key KEY] [--auth entra|key]
 * [--state-dir DIR] [--cors ORIGINS] [--cors-credentials true|false]}; {@code --worker} is internal (the parent starts
 * the child with it).
 *
 * @param settings null: {@code <app>/local.settings.json} when present
 * @param port     null: {@code Host.LocalHttpPort}, else 7071
 * @param auth     null: {@code FLEETOPS_AUTH} from the environment or the settings' Values
 * @param stateDir null: {@code .local-runner} in the working directory
 * @param cors            null: {@code Host.CORS} from the settings. Given, it replaces {@code Host.CORS}, as
 *                        {@code func start --cors} does (Azure/azure-functions-core-tools,
 *                        src/Azure.Functions.Cli/Actions/HostActions/StartHostAction.cs: the option's default is
 *                        {@code hostSettings.Cors})
 * @param corsCredentials null: {@code Host.CORSCredentials} from the settings; as {@code func start --cors-credentials}
 */
record CliOptions(
        Path app,
        Path settings,
        Integer port,
        String functionKey,
        String auth,
        Path stateDir,
        String cors,
        Boolean corsCredentials,
        boolean worker,
        boolean help) {
    static final String WORKER_FLAG = "--worker";
    static final String USAGE = """
            Usage: java -jar local-runner.jar --app <staging dir> [--settings <local.settings.json>] [--port <n>] [--function-key <key>]
                                              [--auth entra|key] [--state-dir <dir>] [--cors <origins>] [--cors-credentials]
              --app           the packaged app, e.g. functions/target/azure-functions/fleetops (run `mvn package` first)
              --settings      defaults to <app>/local.settings.json; Values become the app's environment (the current environment wins)
              --port          defaults to Host.LocalHttpPort, else 7071; 0 picks a free port
              --function-key  defaults to $FLEETOPS_FUNCTION_KEY (prefer it: a command line is visible to every user), else the key
                              kept in <state-dir>/function-key (0600) by an earlier run, else one generated and kept there.
                              Never printed
              --auth          entra: play App Service Authentication (bearer tokens, 401 without one) and set FLEETOPS_AUTH=entra
                              for the app; key: neither. Defaults to FLEETOPS_AUTH from the environment or the settings, else key
              --state-dir     where the local token signing key and a generated function key live (files 0600, the directory
                              created 0700); defaults to .local-runner
              --cors          comma-separated browser origins allowed to call the API (* for any), as func start --cors;
                              replaces Host.CORS from the settings
              --cors-credentials  allow credentialed cross-origin calls (cookies, Authorization), as func start
                              --cors-credentials; replaces Host.CORSCredentials""";

    /**
     * @throws IllegalArgumentException for an unknown option, a missing value or a missing --app
     */
    static CliOptions parse(String[] args) {
        Path app = null;
        Path settings = null;
        Integer port = null;
        String key = null;
        String auth = null;
        Path stateDir = null;
        String cors = null;
        Boolean corsCredentials = null;
        boolean worker = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--help", "-h" -> {
                    return new CliOptions(null, null, null, null, null, null, null, null, false, true);
                }
                case WORKER_FLAG -> worker = true;
                case "--cors-credentials" -> {
                    // A switch, as in Core Tools; --cors-credentials=false turns it off against the settings.
                    String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "true";
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException(
                                "--cors-credentials must be true or false, was '" + value + "'");
                    }
                    corsCredentials = Boolean.valueOf(value);
                }
                case "--app", "--settings", "--port", "--function-key", "--auth", "--state-dir", "--cors" -> {
                    String value = arg.contains("=")
                            ? arg.substring(arg.indexOf('=') + 1)
                            : (++i < args.length ? args[i] : null);
                    if (value == null || value.isBlank()) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    switch (name) {
                        case "--app" -> app = Path.of(value);
                        case "--settings" -> settings = Path.of(value);
                        case "--port" -> port = port(value);
                        case "--auth" -> auth = auth(value);
                        case "--state-dir" -> stateDir = Path.of(value);
                        case "--cors" -> cors = value;
                        default -> key = value;
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (app == null) {
            throw new IllegalArgumentException("--app is required");
        }
        return new CliOptions(app, settings, port, key, auth, stateDir, cors, corsCredentials, worker, false);
    }

    private static String auth(String value) {
        if (!value.equals("entra") && !value.equals("key")) {
            throw new IllegalArgumentException("--auth must be entra or key, was '" + value + "'");
        }
        return value;
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, was '" + value + "'", e);
        }
    }
}
