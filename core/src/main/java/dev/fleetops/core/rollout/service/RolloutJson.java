package dev.fleetops.core.rollout.service;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.fleetops.core.rollout.RolloutConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.function.Function;

/** JSON form of rollout configuration and executions, for stores and API responses. */
public final class RolloutJson {
    public static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .registerTypeAdapter(Instant.class, adapter(Instant::toString, Instant::parse))
            .registerTypeAdapter(Duration.class, adapter(Duration::toString, Duration::parse))
            .registerTypeAdapter(LocalTime.class, adapter(LocalTime::toString, LocalTime::parse))
            .create();

    private RolloutJson() {}

    public static String config(RolloutConfig c) {
        return GSON.toJson(c);
    }

    public static RolloutConfig config(String json) {
        return GSON.fromJson(json, RolloutConfig.class);
    }

    private static <T> TypeAdapter<T> adapter(Function<T, String> write, Function<String, T> read) {
        return new TypeAdapter<T>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                if (value == null) {
                    out.nullValue();
                } else {
                    out.value(write.apply(value));
                }
            }

            @Override
            public T read(JsonReader in) throws IOException {
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    return null;
                }
                return read.apply(in.nextString());
            }
        }.nullSafe();
    }
}
