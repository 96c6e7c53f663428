package dev.fleetops.runner.app;

import java.net.URI;
import java.util.Map;

/**
 * An HTTP request as the host hands it to the worker ({@code RpcHttp}): URL, method, lower-case headers, the
 * query as the host flattens it, and the body, if the host sends one.
 *
 * @param body   null when the host sends no body (none, or no {@code Content-Length})
 * @param binary true when the host sends the body as bytes ({@code application/octet-stream} or
 *               {@code multipart/*}), false when as a string
 */
public record HttpInput(
        URI uri, String method, Map<String, String> headers, Map<String, String> query, byte[] body, boolean binary) {

    public HttpInput {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }
}
