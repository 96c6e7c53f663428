package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator console: one HTML page, its script and its style sheet, shipped in the app jar
 * ({@code console/} on the class path). The page holds no data: its script calls the same API as any portal, with
 * the function key the operator enters (kept in the tab's session storage, never in a URL) and, with App Service
 * Authentication on, the platform's session or a bearer token. So the three files are anonymous, like the OpenAPI
 * document, and excluded from App Service Authentication by exact path (infra/bicep, {@code excludedPaths}): the
 * page must load to offer the sign-in. No constructor arguments, so the injector's default branch creates it.
 */
public final class ConsoleFunctions {
    /**
     * Scripts and styles from this origin only, calls to this origin only, no frames, no inline code: every value
     * the page shows is set as text by its script, never parsed as HTML.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    @FunctionName("Console")
    public HttpResponseMessage page(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "console",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guard(request, context, () -> pageFor(request, System.getenv("FLEETOPS_AUTH")));
    }

    /** The page, saying which sign-in applies; the mode itself is enforced by the platform and the API. */
    static HttpResponseMessage pageFor(HttpRequestMessage<?> request, String authSetting) {
        String mode = "entra".equals(authSetting) ? "entra" : "key";
        return asset(request, resource("index.html").replace("{{AUTH_MODE}}", mode), "text/html; charset=utf-8");
    }

    @FunctionName("ConsoleScript")
    public HttpResponseMessage script(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "console/console.js",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guard(
                request, context, () -> asset(request, resource("console.js"), "text/javascript; charset=utf-8"));
    }

    @FunctionName("ConsoleStyle")
    public HttpResponseMessage style(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "console/console.css",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guard(
                request, context, () -> asset(request, resource("console.css"), "text/css; charset=utf-8"));
    }

    private static HttpResponseMessage asset(HttpRequestMessage<?> request, String body, String type) {
        return request.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", type)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-cache")
                .body(body)
                .build();
    }

    /** A file of the console, read once from the app jar. */
    static String resource(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = ConsoleFunctions.class.getResourceAsStream("/console/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("/console/" + n + " is missing from the app jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
