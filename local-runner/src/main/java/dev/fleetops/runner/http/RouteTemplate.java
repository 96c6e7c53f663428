package dev.fleetops.runner.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An ASP.NET-style route template as function.json carries it, e.g. {@code devices/{deviceId}/reboot}.
 * Segments are literals (matched ignoring case) or whole-segment parameters: {@code {name}},
 * {@code {name?}} (optional, trailing), {@code {name:int}} / {@code {name:alpha}} (checked; other
 * constraints are ignored) and {@code {*rest}} (catch-all). Immutable and thread-safe.
 */
public final class RouteTemplate {
    private static final Pattern PARAM = Pattern.compile("\\{(\\*)?([A-Za-z_][A-Za-z0-9_]*)(\\?)?(?::([^}]*))?}");

    sealed interface Segment {
        /** Lower sorts first: literal, constrained, plain, optional, catch-all. */
        int rank();
    }

    record Literal(String text) implements Segment {
        public int rank() {
            return 0;
        }
    }

    record Param(String name, String constraint, boolean optional, boolean catchAll) implements Segment {
        public int rank() {
            return catchAll ? 4 : optional ? 3 : constraint != null ? 1 : 2;
        }

        boolean accepts(String value) {
            if (value.isEmpty()) {
                return false;
            }
            return switch (constraint == null ? "" : constraint.toLowerCase(Locale.ROOT)) {
                case "int" -> value.matches("-?\\d{1,10}") && fitsInt(value);
                case "alpha" -> value.matches("[A-Za-z]+");
                default -> true;
            };
        }

        private static boolean fitsInt(String value) {
            long v = Long.parseLong(value);
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
        }
    }

    private final String text;
    private final List<Segment> segments;

    private RouteTemplate(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /**
     * @throws IllegalArgumentException for segments that mix literal text and parameters ({@code {a}.{b}}),
     *                                   or an optional or catch-all parameter that is not last
     */
    public static RouteTemplate parse(String template) {
        String trimmed = template.replaceAll("^/+|/+$", "");
        List<Segment> segments = new ArrayList<>();
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            var m = PARAM.matcher(part);
            if (m.matches()) {
                Param p = new Param(m.group(2), m.group(4), m.group(3) != null, m.group(1) != null);
                if ((p.optional() || p.catchAll()) && i != parts.length - 1) {
                    throw new IllegalArgumentException(
                            "route '" + template + "': {" + p.name() + "} must be the last segment");
                }
                segments.add(p);
            } else if (part.contains("{") || part.contains("}")) {
                throw new IllegalArgumentException(
                        "route '" + template + "': segment '" + part + "' mixes text and parameters");
            } else {
                segments.add(new Literal(part));
            }
        }
        return new RouteTemplate(trimmed, segments);
    }

    /** Matches decoded path segments (prefix already removed); the map holds route values by name, ignoring case. */
    public Optional<Map<String, String>> match(List<String> path) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s instanceof Param p && p.catchAll()) {
                values.put(p.name(), String.join("/", path.subList(Math.min(i, path.size()), path.size())));
                return Optional.of(values);
            }
            if (i >= path.size()) {
                return s instanceof Param p && p.optional() ? Optional.of(values) : Optional.empty();
            }
            String value = path.get(i);
            if (s instanceof Literal l && !l.text().equalsIgnoreCase(value)) {
                return Optional.empty();
            }
            if (s instanceof Param p) {
                if (!p.accepts(value)) {
                    return Optional.empty();
                }
                values.put(p.name(), value);
            }
        }
        return path.size() == segments.size() ? Optional.of(values) : Optional.empty();
    }

    /** Orders more specific templates first, like ASP.NET route precedence. */
    static int comparePrecedence(RouteTemplate a, RouteTemplate b) {
        int n = Math.min(a.segments.size(), b.segments.size());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(a.segments.get(i).rank(), b.segments.get(i).rank());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(b.segments.size(), a.segments.size());
    }

    @Override
    public String toString() {
        return text;
    }
}
