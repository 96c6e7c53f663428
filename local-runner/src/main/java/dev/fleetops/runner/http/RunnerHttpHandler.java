package dev.fleetops.runner.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.fleetops.runner.app.FunctionInvoker;
import dev.fleetops.runner.app.HttpInput;
import dev.fleetops.runner.app.Invocation;
import dev.fleetops.runner.app.LocalExecutionContext;
import dev.fleetops.runner.app.WorkerPlatform;
import dev.fleetops.runner.easyauth.ClientPrincipalHeaders;
import dev.fleetops.runner.easyauth.EasyAuthGate;
import dev.fleetops.runner.metadata.FunctionMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves one request as the host would: CORS preflight, {@code /admin/host/status}, App Service Authentication when
 * configured ({@link EasyAuthGate}: 401 without a valid token, client-sent identity headers removed), route lookup
 * (404 also for a method mismatch: host {@code WebScriptHostHttpRoutesManager} maps each function's route
 * with an {@code HttpMethodRouteConstraint}, so a wrong method matches no route), key check (401, empty body),
 * body cap (413), invocation, and the function's response as the host writes it ({@link HostResponse}). An
 * invocation that fails in the worker gets a 500 with an empty body (host {@code ExceptionMiddleware}); the
 * stack trace is logged.
 */
public final class RunnerHttpHandler implements HttpHandler {
    static final String STATUS_PATH = "/admin/host/status";
    private static final Logger LOG = Logger.getLogger("Host.Http");

    private final RouteTable routes;
    private final Map<String, FunctionInvoker> invokers;
    private final FunctionKeys keys;
    private final CorsPolicy cors;
    private final WorkerPlatform platform;
    private final EasyAuthGate easyAuth;

    /** @param easyAuth null when no App Service Authentication sits in front of the app */
    public RunnerHttpHandler(
            RouteTable routes,
            Map<String, FunctionInvoker> invokers,
            FunctionKeys keys,
            CorsPolicy cors,
            WorkerPlatform platform,
            EasyAuthGate easyAuth) {
        this.routes = routes;
        this.invokers = Map.copyOf(invokers);
        this.keys = keys;
        this.cors = cors;
        this.platform = platform;
        this.easyAuth = easyAuth;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String handledBy = "-";
        int status = 500;
        try {
            Map<String, String> headers = RequestReader.headers(exchange);
            String origin = headers.get("origin");
            if (cors.enabled()
                    && method.equals("OPTIONS")
                    && origin != null
                    && headers.containsKey("access-control-request-method")) {
                status = send(
                        exchange,
                        204,
                        cors.preflightHeaders(
                                origin,
                                headers.get("access-control-request-method"),
                                headers.get("access-control-request-headers")),
                        null);
                return;
            }
            Map<String, String> corsHeaders = cors.enabled() ? cors.responseHeaders(origin) : Map.of();
            if (path.equalsIgnoreCase(STATUS_PATH) && (method.equals("GET") || method.equals("HEAD"))) {
                status = send(
                        exchange,
                        200,
                        with(corsHeaders, "Content-Type", "application/json; charset=utf-8"),
                        "{\"state\":\"Running\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> injected = Map.of();
            if (easyAuth != null) {
                EasyAuthGate.Outcome outcome = easyAuth.check(path, headers);
                if (outcome instanceof EasyAuthGate.Outcome.Reject reject) {
                    LOG.info(
                            method + " " + path + ": App Service Authentication answers 401 (" + reject.reason() + ")");
                    status = send(exchange, 401, with(corsHeaders, "WWW-Authenticate", "Bearer"), null);
                    return;
                }
                EasyAuthGate.Outcome.Pass pass = (EasyAuthGate.Outcome.Pass) outcome;
                if (pass.note() != null) {
                    LOG.info(method + " " + path + ": " + pass.note());
                }
                headers = pass.headers();
                injected = pass.injected();
            }
            Optional<RouteTable.Match> match = routes.find(method, path);
            if (match.isEmpty()) {
                List<String> samePath = routes.functionsMatchingPath(path);
                if (!samePath.isEmpty()) {
                    LOG.info(method + " " + path + ": no function for this method (the host answers 404); path matches "
                            + samePath);
                }
                status = send(exchange, 404, corsHeaders, null);
                return;
            }
            FunctionMetadata.Http function = match.get().function();
            handledBy = function.name();
            QueryString query = QueryString.parse(exchange.getRequestURI().getRawQuery());
            if (!keys.allows(function.authLevel(), headers.get(FunctionKeys.HEADER), query.get(FunctionKeys.QUERY))) {
                status = send(exchange, 401, corsHeaders, null);
                return;
            }
            HttpInput request;
            try {
                request = RequestReader.read(exchange, headers, query);
            } catch (RequestReader.TooLarge e) {
                status = send(exchange, 413, corsHeaders, null);
                return;
            }
            if (RequestReader.dropsChunkedBody(headers)) {
                LOG.info(method + " " + path
                        + ": chunked body without Content-Length; the host forwards no body for it");
            }
            Map<String, String> received = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (easyAuth == null || !ClientPrincipalHeaders.reserved(name)) {
                    received.put(name, String.join(",", values));
                }
            });
            received.putAll(injected);
            Map<String, String> metadata =
                    HttpTriggerMetadata.of(request, query, match.get().routeValues(), received);
            status = invoke(exchange, function, request, metadata, corsHeaders);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, method + " " + path + " failed in the runner", e);
        } finally {
            exchange.close();
            LOG.info(method + " " + path + " -> " + status + " (" + handledBy + ", "
                    + (System.nanoTime() - started) / 1_000_000 + " ms)");
        }
    }

    private int invoke(
            HttpExchange exchange,
            FunctionMetadata.Http function,
            HttpInput request,
            Map<String, String> metadata,
            Map<String, String> corsHeaders)
            throws IOException {
        LocalExecutionContext context = LocalExecutionContext.create(function.name());
        HostResponse.Response response;
        try {
            Object result = invokers.get(function.name()).invoke(Invocation.http(request, metadata, context));
            response = HostResponse.of(result, platform);
        } catch (Exception e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause()
                    : e;
            LOG.log(
                    Level.SEVERE,
                    "Executed 'Functions." + function.name() + "' (Failed, Id=" + context.invocationId() + ")",
                    cause);
            return send(exchange, 500, corsHeaders, null);
        }
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.putAll(corsHeaders);
        return send(
                exchange,
                response.status(),
                headers,
                exchange.getRequestMethod().equals("HEAD") ? null : response.body());
    }

    private static int send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean empty = body == null || body.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            exchange.getResponseBody().write(body);
        }
        return status;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }
}
