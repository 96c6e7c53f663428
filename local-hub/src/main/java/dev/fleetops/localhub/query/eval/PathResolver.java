package dev.fleetops.localhub.query.eval;

import dev.fleetops.localhub.query.ast.Expr;
import dev.fleetops.localhub.query.ast.Source;
import java.util.List;

/**
 * Follows a property path into a document. Each segment matches its member name exactly, or failing that
 * case-insensitively (the first such member in document order): IoT Hub accepts {@code DeviceId} for
 * {@code deviceId}, and the resolved key is the document's own spelling, which projections use as the
 * canonical output name. In {@code devices.jobs} queries the leading {@code devices.jobs} names the row itself.
 *
 * @param <T> the JSON library's value type
 */
public final class PathResolver<T> {
    private final JsonView<T> json;
    private final int skip;

    public PathResolver(JsonView<T> json, Source source) {
        this.json = json;
        this.skip = source == Source.DEVICES_JOBS ? 2 : 0;
    }

    /** The member's document key and value. */
    public record Resolved<T>(String key, T value) {}

    /** The value at {@code path}, or {@code null} when any segment is missing (undefined). */
    public Resolved<T> resolve(Expr.Path path, T document) {
        List<String> segments = path.segments();
        if (segments.size() <= skip) {
            return null;
        }
        String key = null;
        T current = document;
        for (int i = skip; i < segments.size() && current != null; i++) {
            key = matchingKey(current, segments.get(i));
            current = key == null ? null : json.member(current, key);
        }
        return current == null ? null : new Resolved<>(key, current);
    }

    private String matchingKey(T object, String name) {
        if (json.kind(object) != JsonKind.OBJECT) {
            return null;
        }
        if (json.member(object, name) != null) {
            return name;
        }
        for (String key : json.keys(object)) {
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return null;
    }
}
