package dev.fleetops.localhub.rest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the REST layer sees it, free of Netty types.
 *
 * @param method  upper-case method, with {@code X-HTTP-Method-Override} already applied
 * @param path    the decoded path without query string
 * @param query   query parameters (first value wins)
 * @param headers header names in lower case
 * @param clientChain the TLS client certificates, leaf first (empty unless the listener asked for them and the
 *                    client sent some: X.509 devices on the device listener)
 */
public record RestRequest(
        String method,
        String path,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        java.util.List<java.security.cert.X509Certificate> clientChain) {
    public RestRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        clientChain = clientChain == null ? java.util.List.of() : java.util.List.copyOf(clientChain);
    }

    /** A request without client certificates. */
    public RestRequest(
            String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
        this(method, path, query, headers, body, java.util.List.of());
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
