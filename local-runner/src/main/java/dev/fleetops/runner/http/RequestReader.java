package dev.fleetops.runner.http;

import com.microsoft.azure.functions.HttpMethod;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns an exchange into the worker-shaped request: lower-case header names, decoded query, capped body. */
final class RequestReader {
    /** Far below the host's 100 MB; FleetOps bodies are a few KiB. Larger bodies get 413. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Thrown when the body exceeds {@link #MAX_BODY_BYTES}. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private RequestReader() {
    }

    static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return headers;
    }

    /** Form-style decoding ('+' is a space); the first value of a repeated name wins. */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(name, value);
            } catch (IllegalArgumentException malformed) {
                // skipped, as a lenient host parser would
            }
        }
        return query;
    }

    static LocalHttpRequest<Optional<String>> read(HttpExchange exchange, Map<String, String> headers,
                                                   Map<String, String> query) throws IOException, TooLarge {
        String declared = headers.get("content-length");
        if (declared != null && declared.matches("\\d+") && Long.parseLong(declared) > MAX_BODY_BYTES) {
            throw new TooLarge();
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new TooLarge();
        }
        Optional<String> text = body.length == 0 ? Optional.empty() : Optional.of(new String(body, StandardCharsets.UTF_8));
        return new LocalHttpRequest<>(uri(exchange, headers), method(exchange.getRequestMethod()), headers, query, text);
    }

    private static URI uri(HttpExchange exchange, Map<String, String> headers) {
        String host = headers.getOrDefault("host", "127.0.0.1:" + exchange.getLocalAddress().getPort());
        URI raw = exchange.getRequestURI();
        return URI.create("http://" + host + raw.getRawPath() + (raw.getRawQuery() == null ? "" : "?" + raw.getRawQuery()));
    }

    private static HttpMethod method(String name) {
        return List.of(HttpMethod.values()).stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
