package dev.fleetops.runner.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A query string as ASP.NET Core parses it for the Functions host ({@code QueryHelpers.ParseNullableQuery}):
 * pairs split at {@code &}, empty pairs skipped, a pair without {@code =} has the value "", {@code +} is a
 * space, percent escapes are decoded as UTF-8 and invalid ones kept as written, and names are
 * case-insensitive (the first spelling is kept, the values of every spelling collected in order).
 */
public final class QueryString {
    private final Map<String, Parameter> byLowerName;

    /** One name and its values, in the order they came. */
    record Parameter(String name, List<String> values) {}

    private QueryString(Map<String, Parameter> byLowerName) {
        this.byLowerName = byLowerName;
    }

    public static QueryString parse(String rawQuery) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new Parameter(name, new ArrayList<>()))
                        .values()
                        .add(value);
            }
        }
        return new QueryString(params);
    }

    /**
     * What the function's {@code getQueryParameters()} returns: each name once with its values joined by
     * {@code ,} ({@code StringValues.ToString()}), and names whose joined value is empty left out
     * (host {@code GrpcMessageConversionExtensions.ToRpcHttp}: {@code if (!string.IsNullOrEmpty(value))}).
     */
    public Map<String, String> forFunction() {
        Map<String, String> query = new LinkedHashMap<>();
        for (Parameter p : byLowerName.values()) {
            String joined = String.join(",", p.values());
            if (!joined.isEmpty()) {
                query.put(p.name(), joined);
            }
        }
        return Collections.unmodifiableMap(query);
    }

    /**
     * Each name with its last value, empty ones included: what the HTTP trigger's binding data holds
     * (WebJobs.Extensions.Http {@code HttpRequestExtensions.GetQueryParameterDictionary}, "last one wins").
     */
    public Map<String, String> lastValues() {
        Map<String, String> last = new LinkedHashMap<>();
        byLowerName
                .values()
                .forEach(p -> last.put(p.name(), p.values().get(p.values().size() - 1)));
        return Collections.unmodifiableMap(last);
    }

    /** The joined value of a name in any case, as {@code request.Query[name]} gives it; null when absent. */
    public String get(String name) {
        Parameter p = byLowerName.get(name.toLowerCase(Locale.ROOT));
        return p == null ? null : String.join(",", p.values());
    }

    /** {@code +} to space, then {@code Uri.UnescapeDataString}: valid UTF-8 escapes decoded, anything else kept. */
    static String decode(String text) {
        String s = text.replace('+', ' ');
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) != '%' || !isEscape(s, i)) {
                out.append(s.charAt(i++));
                continue;
            }
            int start = i;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (i < s.length() && s.charAt(i) == '%' && isEscape(s, i)) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            }
            try {
                out.append(StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())));
            } catch (CharacterCodingException notUtf8) {
                out.append(s, start, i);
            }
        }
        return out.toString();
    }

    private static boolean isEscape(String s, int i) {
        return i + 2 < s.length()
                && Character.digit(s.charAt(i + 1), 16) >= 0
                && Character.digit(s.charAt(i + 2), 16) >= 0;
    }
}
