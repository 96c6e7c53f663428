package dev.fleetops.functions.http;

import com.google.gson.JsonElement;
import com.microsoft.azure.functions.HttpRequestMessage;
import dev.fleetops.contract.JsonInputException;
import dev.fleetops.contract.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads request bodies defensively: bounded size, JSON content type, strict syntax. */
public final class RequestBodies {
    /** Far above any FleetOps request; small enough that a hostile body costs nothing. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private RequestBodies() {}

    /** A parsed body (null when the request had none), or the problem to answer with. */
    public sealed interface Body {
        record Json(JsonElement value) implements Body {}

        record Rejected(Problem problem) implements Body {}
    }

    public static Body read(HttpRequestMessage<Optional<String>> request, boolean required) {
        String text = request.getBody() == null ? null : request.getBody().orElse(null);
        if (text == null || text.isBlank()) {
            return required
                    ? new Body.Rejected(Problems.invalid("body", "is required: a JSON object"))
                    : new Body.Json(null);
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return new Body.Rejected(Problem.of(
                            413,
                            "payload-too-large",
                            "Request body too large",
                            "The body must be at most " + MAX_BODY_BYTES + " bytes.")
                    .with("maxBytes", MAX_BODY_BYTES));
        }
        String contentType = header(request.getHeaders(), "content-type");
        if (!isJson(contentType)) {
            return new Body.Rejected(Problem.of(
                            415,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "Send the body as application/json.")
                    .with("contentType", contentType));
        }
        try {
            return new Body.Json(StrictJson.parseObject(text));
        } catch (JsonInputException e) {
            return new Body.Rejected(Problems.invalid("body", e.getMessage()));
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** Header lookup by name, ignoring case (hosts differ in how they normalize names). */
    public static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
