package dev.fleetops.runner.http;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.fleetops.runner.app.FunctionInvoker;
import dev.fleetops.runner.app.Invocation;
import dev.fleetops.runner.app.LocalExecutionContext;
import dev.fleetops.runner.metadata.FunctionMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves one request as the host would: CORS preflight, {@code /admin/host/status}, route lookup
 * (404 also for a method mismatch), key check (401, empty body), body cap (413), invocation, and the
 * function's response. A function that throws gets a 500 with an empty body; the stack trace is logged.
 */
public final class RunnerHttpHandler implements HttpHandler {
    static final String STATUS_PATH = "/admin/host/status";
    private static final Logger LOG = Logger.getLogger("Host.Http");

    private final RouteTable routes;
    private final Map<String, FunctionInvoker> invokers;
    private final FunctionKeys keys;
    private final CorsPolicy cors;

    public RunnerHttpHandler(RouteTable routes, Map<String, FunctionInvoker> invokers, FunctionKeys keys, CorsPolicy cors) {
        this.routes = routes;
        this.invokers = Map.copyOf(invokers);
        this.keys = keys;
        this.cors = cors;
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
            if (cors.enabled() && method.equals("OPTIONS") && origin != null && headers.containsKey("access-control-request-method")) {
                status = send(exchange, 204, cors.preflightHeaders(origin, headers.get("access-control-request-method"),
                        headers.get("access-control-request-headers")), null);
                return;
            }
            Map<String, String> corsHeaders = cors.enabled() ? cors.responseHeaders(origin) : Map.of();
            if (path.equalsIgnoreCase(STATUS_PATH) && (method.equals("GET") || method.equals("HEAD"))) {
                status = send(exchange, 200, with(corsHeaders, "Content-Type", "application/json; charset=utf-8"),
                        "{\"state\":\"Running\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Optional<RouteTable.Match> match = routes.find(method, path);
            if (match.isEmpty()) {
                List<String> samePath = routes.functionsMatchingPath(path);
                if (!samePath.isEmpty()) {
                    LOG.info(method + " " + path + ": no function for this method (the host answers 404); path matches " + samePath);
                }
                status = send(exchange, 404, corsHeaders, null);
                return;
            }
            FunctionMetadata.Http function = match.get().function();
            handledBy = function.name();
            Map<String, String> query = RequestReader.query(exchange.getRequestURI().getRawQuery());
            if (!keys.allows(function.authLevel(), headers.get(FunctionKeys.HEADER), query.get(FunctionKeys.QUERY))) {
                status = send(exchange, 401, corsHeaders, null);
                return;
            }
            LocalHttpRequest<Optional<String>> request;
            try {
                request = RequestReader.read(exchange, headers, query);
            } catch (RequestReader.TooLarge e) {
                status = send(exchange, 413, corsHeaders, null);
                return;
            }
            status = invoke(exchange, function, request, match.get().routeValues(), corsHeaders);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, method + " " + path + " failed in the runner", e);
        } finally {
            exchange.close();
            LOG.info(method + " " + path + " -> " + status + " (" + handledBy + ", "
                    + (System.nanoTime() - started) / 1_000_000 + " ms)");
        }
    }

    private int invoke(HttpExchange exchange, FunctionMetadata.Http function, LocalHttpRequest<Optional<String>> request,
                       Map<String, String> routeValues, Map<String, String> corsHeaders) throws IOException {
        Map<String, String> bindingData = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        bindingData.putAll(request.query());
        bindingData.putAll(routeValues);
        LocalExecutionContext context = LocalExecutionContext.create(function.name());
        Object result;
        try {
            result = invokers.get(function.name()).invoke(Invocation.http(request, bindingData, context));
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "Executed 'Functions." + function.name() + "' (Failed, Id=" + context.invocationId() + ")", e);
            return send(exchange, 500, corsHeaders, null);
        }
        return write(exchange, result, corsHeaders);
    }

    private static int write(HttpExchange exchange, Object result, Map<String, String> corsHeaders) throws IOException {
        int status = 200;
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Object body = result;
        if (result == null) {
            status = 204;
        } else if (result instanceof HttpResponseMessage response) {
            status = response.getStatusCode();
            body = response.getBody();
            if (response instanceof LocalHttpResponse local) {
                headers.putAll(local.headers());
            } else if (response.getHeader("Content-Type") != null) {
                headers.put("Content-Type", response.getHeader("Content-Type"));
            }
        }
        ResponseBodies.Encoded encoded = ResponseBodies.encode(body);
        if (!headers.containsKey("Content-Type") && encoded.defaultContentType() != null && encoded.bytes().length > 0) {
            headers.put("Content-Type", encoded.defaultContentType());
        }
        headers.putAll(corsHeaders);
        return send(exchange, status, headers, exchange.getRequestMethod().equals("HEAD") ? null : encoded.bytes());
    }

    private static int send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
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
