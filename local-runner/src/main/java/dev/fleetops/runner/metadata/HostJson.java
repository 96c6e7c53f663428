package dev.fleetops.runner.metadata;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The host.json settings the runner honours: {@code extensions.http.routePrefix}, {@code extensions.queues} and
 * {@code singleton}. Member names are matched ignoring case, as the host's configuration binder does.
 */
final class HostJson {
    static final String DEFAULT_ROUTE_PREFIX = "api";

    private final JsonElement root;
    private final Path file;

    private HostJson(Path file, JsonElement root) {
        this.file = file;
        this.root = root;
    }

    /** An absent file reads as {@code {}}. */
    static HostJson read(Path hostJson) {
        if (!Files.isRegularFile(hostJson)) {
            return new HostJson(hostJson, new JsonObject());
        }
        try {
            return new HostJson(hostJson, JsonParser.parseString(Files.readString(hostJson)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read " + hostJson + ": " + e.getMessage(), e);
        }
    }

    /** The prefix without slashes; {@code "api"} when unset, {@code ""} when set empty. */
    String routePrefix() {
        JsonElement prefix = member(member(member(root, "extensions"), "http"), "routePrefix");
        return prefix == null ? DEFAULT_ROUTE_PREFIX : prefix.getAsString().replaceAll("^/+|/+$", "");
    }

    QueuesOptions queues() {
        JsonElement q = member(member(root, "extensions"), "queues");
        QueuesOptions d = QueuesOptions.DEFAULTS;
        try {
            return new QueuesOptions(
                    integer(q, "batchSize", d.batchSize()),
                    member(q, "newBatchThreshold") == null ? null : integer(q, "newBatchThreshold", 0),
                    span(q, "maxPollingInterval", "extensions.queues", d.maxPollingInterval()),
                    span(q, "visibilityTimeout", "extensions.queues", d.visibilityTimeout()),
                    integer(q, "maxDequeueCount", d.maxDequeueCount()),
                    member(q, "messageEncoding") == null
                            ? d.messageEncoding()
                            : QueuesOptions.encoding(
                                    member(q, "messageEncoding").getAsString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    SingletonOptions singleton() {
        JsonElement s = member(root, "singleton");
        SingletonOptions d = SingletonOptions.DEFAULTS;
        try {
            return new SingletonOptions(
                    span(s, "listenerLockPeriod", "singleton", d.listenerLockPeriod()),
                    span(
                            s,
                            "listenerLockRecoveryPollingInterval",
                            "singleton",
                            d.listenerLockRecoveryPollingInterval()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static int integer(JsonElement o, String name, int otherwise) {
        JsonElement e = member(o, name);
        return e == null ? otherwise : e.getAsInt();
    }

    private static Duration span(JsonElement o, String name, String section, Duration otherwise) {
        JsonElement e = member(o, name);
        if (e == null) {
            return otherwise;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(section + "." + name + " must be a TimeSpan string such as \"00:00:30\","
                    + " was " + e + " (.NET reads a bare number as days)");
        }
        return TimeSpans.parse(section + "." + name, e.getAsString());
    }

    private static JsonElement member(JsonElement e, String name) {
        if (!(e instanceof JsonObject o)) {
            return null;
        }
        for (Map.Entry<String, JsonElement> m : o.entrySet()) {
            if (m.getKey().equalsIgnoreCase(name) && !m.getValue().isJsonNull()) {
                return m.getValue();
            }
        }
        return null;
    }
}
