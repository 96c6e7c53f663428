package dev.fleetops.runner.http;

import dev.fleetops.runner.metadata.FunctionMetadata;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the HTTP function for a method and raw request path. A path that matches a template but not its
 * methods finds nothing, so the caller answers 404 as the Functions host does. Thread-safe.
 */
public final class RouteTable {
    private final String prefix;
    private final List<Route> routes;

    /** A function and its parsed template. */
    public record Route(RouteTemplate template, FunctionMetadata.Http function) {}

    /** The function to run and the decoded route values. */
    public record Match(FunctionMetadata.Http function, Map<String, String> routeValues) {}

    /** @param prefix the route prefix without slashes ({@code "api"}), may be empty */
    public RouteTable(String prefix, List<Route> routes) {
        this.prefix = prefix;
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort((a, b) -> RouteTemplate.comparePrecedence(a.template(), b.template()));
        this.routes = List.copyOf(sorted);
    }

    public Optional<Match> find(String method, String rawPath) {
        return segments(rawPath)
                .flatMap(path -> routes.stream()
                        .filter(r -> r.function().allows(method))
                        .flatMap(r -> r.template().match(path).map(v -> new Match(r.function(), v)).stream())
                        .findFirst());
    }

    /** Names of functions whose template matches the path under any method; for a helpful log line on a 404. */
    public List<String> functionsMatchingPath(String rawPath) {
        return segments(rawPath)
                .map(path -> routes.stream()
                        .filter(r -> r.template().match(path).isPresent())
                        .map(r -> r.function().name() + " " + r.function().methods())
                        .toList())
                .orElse(List.of());
    }

    public List<Route> routes() {
        return routes;
    }

    public String prefix() {
        return prefix;
    }

    /** Strips the prefix and percent-decodes each segment ('+' stays '+', as in paths); empty when the prefix is absent. */
    private Optional<List<String>> segments(String rawPath) {
        String path = rawPath.replaceAll("^/+", "");
        if (!prefix.isEmpty()) {
            if (path.equalsIgnoreCase(prefix)) {
                path = "";
            } else if (path.regionMatches(true, 0, prefix + "/", 0, prefix.length() + 1)) {
                path = path.substring(prefix.length() + 1);
            } else {
                return Optional.empty();
            }
        }
        path = path.replaceAll("/+$", "");
        if (path.isEmpty()) {
            return Optional.of(List.of());
        }
        try {
            return Optional.of(Arrays.stream(path.split("/", -1))
                    .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                    .toList());
        } catch (IllegalArgumentException malformedEscape) {
            return Optional.empty();
        }
    }
}
