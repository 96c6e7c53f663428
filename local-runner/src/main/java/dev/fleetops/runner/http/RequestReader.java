package dev.fleetops.runner.http;

import com.sun.net.httpserver.HttpExchange;
import dev.fleetops.runner.app.HttpInput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an exchange into what the host sends the worker (host {@code GrpcMessageConversionExtensions.ToRpcHttp},
 * with the capabilities the Java worker declares in {@code handler/WorkerInitRequestHandler}: {@code RpcHttpBodyOnly},
 * {@code RpcHttpTriggerMetadataRemoved}, and neither {@code UseNullableValueDictionaryForHttp} nor
 * {@code IgnoreEmptyValuedRpcHttpHeaders}).
 */
final class RequestReader {
    /** Far below the host's 100 MB; FleetOps bodies are a few KiB. Larger bodies get 413. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Thrown when the body exceeds {@link #MAX_BODY_BYTES}. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** How much of a too-large body is read and dropped so the client, still sending, gets the 413. */
    static final long DRAIN_BYTES = 16L * 1024 * 1024;

    private RequestReader() {}

    /**
     * Reads and drops what the client sends, up to {@link #DRAIN_BYTES}: a server that answers and closes while the
     * client is still writing resets the connection, and the client then sees no answer at all instead of the 413.
     */
    private static void drain(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            long left = DRAIN_BYTES;
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // The client gave up; the 413 goes out anyway.
        }
    }

    /**
     * Header names in lower case ({@code pair.Key.ToLowerInvariant()}); a header sent on several lines has its values
     * joined by {@code ,} ({@code StringValues.ToString()}); empty values are kept.
     */
    static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return headers;
    }

    /**
     * The body is sent only when {@code request.ContentLength > 0}: a chunked body without Content-Length reaches the
     * function as no body. It goes as bytes for {@code application/octet-stream} and {@code multipart/*}
     * ({@code IsMediaTypeOctetOrMultipart}), else as a string.
     */
    static HttpInput read(HttpExchange exchange, Map<String, String> headers, QueryString query)
            throws IOException, TooLarge {
        long length = contentLength(headers.get("content-length"));
        byte[] body = null;
        if (length > MAX_BODY_BYTES) {
            drain(exchange);
            throw new TooLarge();
        }
        if (length > 0) {
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes((int) length);
            }
        }
        return new HttpInput(
                uri(exchange, headers),
                exchange.getRequestMethod(),
                headers,
                query.forFunction(),
                body,
                binary(headers.get("content-type")));
    }

    /** True when the request carries a body the host does not forward (chunked, no Content-Length). */
    static boolean dropsChunkedBody(Map<String, String> headers) {
        return contentLength(headers.get("content-length")) < 0
                && headers.getOrDefault("transfer-encoding", "")
                        .toLowerCase(Locale.ROOT)
                        .contains("chunked");
    }

    private static long contentLength(String header) {
        if (header == null || !header.trim().matches("\\d{1,18}")) {
            return -1;
        }
        return Long.parseLong(header.trim());
    }

    private static boolean binary(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/octet-stream") || mediaType.contains("multipart/");
    }

    /** {@code {scheme}://{request.Host}{request.Path}{request.QueryString}}. */
    private static URI uri(HttpExchange exchange, Map<String, String> headers) {
        String host = headers.getOrDefault(
                "host", "127.0.0.1:" + exchange.getLocalAddress().getPort());
        URI raw = exchange.getRequestURI();
        return URI.create(
                "http://" + host + raw.getRawPath() + (raw.getRawQuery() == null ? "" : "?" + raw.getRawQuery()));
    }
}
