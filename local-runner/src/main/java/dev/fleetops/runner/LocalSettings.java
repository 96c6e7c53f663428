package dev.fleetops.runner;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of local.settings.json the runner uses: {@code Values} (the app's environment),
 * {@code Host.LocalHttpPort}, {@code Host.CORS} and {@code Host.CORSCredentials}.
 *
 * @param cors comma-separated origins, or null
 */
record LocalSettings(Map<String, String> values, Integer localHttpPort, String cors, boolean corsCredentials) {

    static LocalSettings none() {
        return new LocalSettings(Map.of(), null, null, false);
    }

    /** {@code --settings} if given (it must exist), else {@code <app>/local.settings.json} if present, else none. */
    static LocalSettings locate(CliOptions options) {
        if (options.settings() != null) {
            if (!Files.isRegularFile(options.settings())) {
                throw new IllegalArgumentException("settings file " + options.settings() + " does not exist");
            }
            return load(options.settings());
        }
        Path beside = options.app().resolve("local.settings.json");
        return Files.isRegularFile(beside) ? load(beside) : none();
    }

    /**
     * @throws IllegalArgumentException when the file is unreadable, encrypted, or a value is not a string/number/boolean
     */
    static LocalSettings load(Path file) {
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            if (root.has("IsEncrypted") && root.get("IsEncrypted").getAsBoolean()) {
                throw new IllegalArgumentException(
                        "encrypted settings are not supported; decrypt with `func settings decrypt`");
            }
            Map<String, String> values = new LinkedHashMap<>();
            JsonObject v = root.has("Values") ? root.getAsJsonObject("Values") : new JsonObject();
            for (Map.Entry<String, JsonElement> e : v.entrySet()) {
                if (!e.getValue().isJsonPrimitive()) {
                    throw new IllegalArgumentException("Values." + e.getKey() + " must be a string");
                }
                values.put(e.getKey(), e.getValue().getAsString());
            }
            JsonObject host = root.has("Host") ? root.getAsJsonObject("Host") : new JsonObject();
            Integer port = host.has("LocalHttpPort") ? host.get("LocalHttpPort").getAsInt() : null;
            String cors = host.has("CORS") ? host.get("CORS").getAsString() : null;
            boolean credentials =
                    host.has("CORSCredentials") && host.get("CORSCredentials").getAsBoolean();
            return new LocalSettings(values, port, cors, credentials);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The worker's environment: these Values overlaid by the current environment, which wins (as in Core Tools). */
    Map<String, String> environment(Map<String, String> current) {
        Map<String, String> env = new LinkedHashMap<>(values);
        env.putAll(current);
        return env;
    }
}
