package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the HTTP API, shipped in the app jar
 * ({@code openapi.json} on the class path).
 *
 * <p>Anonymous on purpose: the document holds no data, is the same for every deployment, and lets a
 * portal or a client generator discover the API before it has a key. Every other route still needs
 * the function key. No constructor arguments, so the injector's default branch creates it.
 */
public final class OpenApiFunction {
    static final String RESOURCE = "/openapi.json";
    private static volatile String cached;

    @FunctionName("OpenApi")
    public HttpResponseMessage openApi(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "openapi.json",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guard(
                request,
                context,
                () -> HttpResponses.json(request, 200, document(), Map.of("Cache-Control", "public, max-age=300")));
    }

    /** The document's text. */
    public static String document() {
        String doc = cached;
        if (doc == null) {
            try (InputStream in = OpenApiFunction.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the app jar");
                }
                doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cached = doc;
        }
        return doc;
    }
}
