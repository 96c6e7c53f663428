package dev.fleetops.runner.metadata;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the staging directory the Maven plugin writes: one {@code <Function>/function.json} per
 * function plus {@code host.json}. Functions with triggers or bindings outside the runner's scope are
 * reported as skipped, not served.
 */
public final class FunctionJsonLoader {

    private FunctionJsonLoader() {}

    /**
     * @throws IllegalArgumentException when the directory holds no function.json or one cannot be read
     */
    public static AppMetadata load(Path appDir) {
        List<Path> files = functionJsonFiles(appDir);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "No */function.json under " + appDir
                            + ": point --app at the staging directory that `mvn package` writes (functions/target/azure-functions/<app>)");
        }
        List<FunctionMetadata> functions = new ArrayList<>();
        List<AppMetadata.Skipped> skipped = new ArrayList<>();
        for (Path file : files) {
            String name = file.getParent().getFileName().toString();
            try {
                JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                read(name, file.getParent(), json, functions, skipped);
            } catch (IOException | JsonParseException | IllegalStateException | IllegalArgumentException e) {
                throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        HostJson host = HostJson.read(appDir.resolve("host.json"));
        return new AppMetadata(appDir, host.routePrefix(), functions, skipped, host.queues(), host.singleton());
    }

    private static void read(
            String name,
            Path dir,
            JsonObject json,
            List<FunctionMetadata> functions,
            List<AppMetadata.Skipped> skipped) {
        EntryPoint entry = EntryPoint.of(dir.resolve(text(json, "scriptFile")).normalize(), text(json, "entryPoint"));
        JsonObject trigger = null;
        for (JsonElement e : json.getAsJsonArray("bindings")) {
            JsonObject binding = e.getAsJsonObject();
            String type = text(binding, "type");
            if (type.endsWith("Trigger")) {
                trigger = binding;
            } else if (!type.equals("http")) {
                skipped.add(new AppMetadata.Skipped(name, "binding type '" + type + "' is outside the runner's scope"));
                return;
            }
        }
        String type = trigger == null ? "none" : text(trigger, "type");
        switch (type) {
            case "httpTrigger" ->
                functions.add(new FunctionMetadata.Http(
                        name,
                        entry,
                        text(trigger, "name"),
                        route(trigger, name),
                        methods(trigger.getAsJsonArray("methods")),
                        AuthLevel.parse(text(trigger, "authLevel"))));
            case "timerTrigger" ->
                functions.add(new FunctionMetadata.Timer(
                        name,
                        entry,
                        text(trigger, "name"),
                        text(trigger, "schedule"),
                        flag(trigger, "useMonitor", true),
                        flag(trigger, "runOnStartup", false)));
            case "queueTrigger" ->
                functions.add(new FunctionMetadata.Queue(
                        name,
                        entry,
                        text(trigger, "name"),
                        text(trigger, "queueName"),
                        text(trigger, "connection"),
                        text(trigger, "dataType")));
            default ->
                skipped.add(new AppMetadata.Skipped(name, "trigger '" + type + "' is outside the runner's scope"));
        }
    }

    private static String route(JsonObject trigger, String functionName) {
        String route = text(trigger, "route");
        return route == null || route.isBlank() ? functionName : route;
    }

    private static Set<String> methods(JsonArray methods) {
        Set<String> result = new LinkedHashSet<>();
        if (methods != null) {
            methods.forEach(m -> result.add(m.getAsString().toUpperCase(Locale.ROOT)));
        }
        return result;
    }

    private static boolean flag(JsonObject o, String member, boolean otherwise) {
        JsonElement e = o.get(member);
        return e == null || e.isJsonNull() ? otherwise : e.getAsBoolean();
    }

    private static String text(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static List<Path> functionJsonFiles(Path appDir) {
        if (!Files.isDirectory(appDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(appDir)) {
            return dirs.map(d -> d.resolve("function.json"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
