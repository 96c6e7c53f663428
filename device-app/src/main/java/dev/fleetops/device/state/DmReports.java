package dev.fleetops.device.state;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last report of each {@code iothubDM} section, kept locally so the device can re-publish the truth
 * after a reconnect (reports sent during a drop may have been lost).
 *
 * @param sections each action's last report by section name; persisted as one object keyed by section
 *                 ({@code {"reboot": {...}, "firmwareUpdate": {...}}}), the form state files have always had
 */
@JsonAdapter(DmReports.Json.class)
public record DmReports(Map<String, ActionReport> sections) {
    public static final DmReports NONE = new DmReports(Map.of());

    public DmReports {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** These reports with {@code r} as the last report of its action. */
    public DmReports with(ActionReport r) {
        Map<String, ActionReport> next = new LinkedHashMap<>(sections);
        next.put(r.action().reportedSection(), r);
        return new DmReports(next);
    }

    /** {@code action}'s last report, or null. */
    public <R extends ActionReport> R get(Action<?, R> action) {
        return action.reportType().cast(sections.get(action.reportedSection()));
    }

    /**
     * Reads each section with its action's report type; a section no action of this version knows (a state
     * file written by a newer agent) is dropped rather than failing the whole state.
     */
    static final class Json implements TypeAdapterFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            return (TypeAdapter<T>) new TypeAdapter<DmReports>() {
                @Override
                public void write(JsonWriter out, DmReports value) throws IOException {
                    if (value == null) {
                        out.nullValue();
                        return;
                    }
                    JsonObject o = new JsonObject();
                    value.sections.forEach((section, report) -> o.add(section, gson.toJsonTree(report)));
                    gson.toJson(o, out);
                }

                @Override
                public DmReports read(JsonReader in) throws IOException {
                    JsonElement e = gson.fromJson(in, JsonElement.class);
                    if (!(e instanceof JsonObject o)) {
                        return null;
                    }
                    Map<String, ActionReport> sections = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonElement> s : o.entrySet()) {
                        Optional<Action<?, ?>> action = Action.byPersistedName(s.getKey());
                        if (action.isPresent() && s.getValue() instanceof JsonObject) {
                            sections.put(
                                    s.getKey(),
                                    gson.fromJson(s.getValue(), action.get().reportType()));
                        }
                    }
                    return new DmReports(sections);
                }
            };
        }
    }
}
