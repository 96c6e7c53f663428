package dev.fleetops.localhub.hub;

import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.util.ArrayList;
import java.util.List;

/**
 * An If-Match precondition, read the way IoT Hub reads the forms the official service SDKs send
 * (evidence in docs/local-hub.md, "ETags and If-Match"):
 * <ul>
 * <li>absent or blank: no precondition;</li>
 * <li>{@code *} (Java 2.x, C, C# v2) and the quoted {@code "*"} (Node.js {@code _ensureQuoted('*')}, Python
 *     {@code _ensure_quoted}, C# v1 {@code HttpClientHelper.InsertEtag}): any current version;</li>
 * <li>entity-tags {@code "e"} or {@code W/"e"}, possibly a list: one must name the current etag (compared by the opaque
 *     value, so weakly: IoT Hub documents its ETags as weak);</li>
 * <li>anything else, such as the bare body etag iot-service-client 2.x sends from {@code removeDevice(Device)} and
 *     {@code TwinClient.patch(twin, ifMatch)}, is no entity-tag: the registry refuses it ("Invalid ETag") and twin
 *     writes ignore it, as IoT Hub does.</li>
 * </ul>
 *
 * @param kind which of the forms above
 * @param tags the opaque values of the entity-tags ({@link Kind#TAGS}), or the raw header ({@link Kind#UNQUOTED})
 */
public record IfMatch(Kind kind, List<String> tags) {
    public enum Kind {
        ABSENT,
        ANY,
        TAGS,
        UNQUOTED
    }

    public static final IfMatch ABSENT = new IfMatch(Kind.ABSENT, List.of());
    public static final IfMatch ANY = new IfMatch(Kind.ANY, List.of());

    public IfMatch {
        tags = List.copyOf(tags);
    }

    /** Parses an If-Match header value; null means the header was not sent. */
    public static IfMatch parse(String header) {
        if (header == null || header.isBlank()) {
            return ABSENT;
        }
        String h = header.strip();
        if (h.equals("*")) {
            return ANY;
        }
        List<String> values = entityTags(h);
        if (values == null) {
            return new IfMatch(Kind.UNQUOTED, List.of(h));
        }
        return values.contains("*") ? ANY : new IfMatch(Kind.TAGS, values);
    }

    /**
     * The precondition of an etag carried in a JSON body ({@code updateTwin.etag} of a scheduled job), which holds the
     * bare value like the twin document's own {@code etag}; {@code *} stays the wildcard and a quoted value is accepted.
     */
    public static IfMatch ofEtagField(String etag) {
        if (etag == null || etag.isBlank()) {
            return ABSENT;
        }
        IfMatch parsed = parse(etag);
        return parsed.kind == Kind.UNQUOTED ? new IfMatch(Kind.TAGS, List.of(etag.strip())) : parsed;
    }

    public boolean isAbsent() {
        return kind == Kind.ABSENT;
    }

    /** True when the write may go ahead on a resource whose etag is {@code currentEtag}; an unquoted value names none. */
    public boolean matches(String currentEtag) {
        return switch (kind) {
            case ABSENT, ANY -> true;
            case TAGS -> tags.contains(currentEtag);
            case UNQUOTED -> false;
        };
    }

    /**
     * The check of the identity registry (PUT and DELETE {@code /devices/{id}}).
     *
     * @throws HubException 412001 when the value is no entity-tag or names another etag
     */
    public void checkRegistry(String currentEtag) {
        if (kind == Kind.UNQUOTED) {
            throw new HubException(ErrorCodes.PRECONDITION_FAILED, "Precondition failed: Invalid ETag");
        }
        check(currentEtag);
    }

    /**
     * The check of twin writes (PATCH and PUT {@code /twins/{id}}), where IoT Hub ignores a value that is no entity-tag.
     *
     * @throws HubException 412001 when an entity-tag names another etag
     */
    public void checkTwin(String currentEtag) {
        if (kind != Kind.UNQUOTED) {
            check(currentEtag);
        }
    }

    private void check(String currentEtag) {
        if (!matches(currentEtag)) {
            throw new HubException(
                    ErrorCodes.PRECONDITION_FAILED, "Precondition failed: the ETag does not match the current one.");
        }
    }

    /** The opaque values of a comma-separated list of {@code "…"} and {@code W/"…"} (RFC 9110 8.8.3), or null if malformed. */
    private static List<String> entityTags(String h) {
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i < h.length()) {
            if (h.startsWith("W/\"", i)) {
                i += 2;
            }
            if (i >= h.length() || h.charAt(i) != '"') {
                return null;
            }
            int close = h.indexOf('"', i + 1);
            if (close < 0) {
                return null;
            }
            values.add(h.substring(i + 1, close));
            i = close + 1;
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
                i++;
            }
            if (i < h.length()) {
                if (h.charAt(i) != ',') {
                    return null;
                }
                i++;
                while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
                    i++;
                }
                if (i >= h.length()) {
                    return null;
                }
            }
        }
        return values;
    }
}
