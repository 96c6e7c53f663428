package dev.fleetops.runner.fake;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A tiny app for the runner's own tests; loaded from target/test-classes by the app class loader. */
public final class FakeHttpFunctions {

    @FunctionName("Echo")
    public HttpResponseMessage echo(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET, HttpMethod.POST},
                            route = "things/{id}/{extra?}",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            @BindingName("q") String q,
            ExecutionContext context) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("id", id);
        seen.put("q", q);
        seen.put("method", request.getHttpMethod().name());
        seen.put("body", request.getBody().orElse("<none>"));
        seen.put("contentType", request.getHeaders().get("content-type"));
        seen.put("function", context.getFunctionName());
        seen.put("uri", request.getUri().toString());
        return request.createResponseBuilder(HttpStatus.OK)
                .header("X-Invocation", context.getInvocationId())
                .body(seen)
                .build();
    }

    @FunctionName("Boom")
    public HttpResponseMessage boom(
            @HttpTrigger(name = "req", route = "boom", authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request) {
        throw new IllegalStateException("internal detail that must not leak");
    }

    @FunctionName("Bytes")
    public HttpResponseMessage bytes(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "bytes",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<String> request) {
        return request.createResponseBuilder(HttpStatus.CREATED)
                .body(("plain body=" + request.getBody()).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** What the function sees of the query and headers, and what {@code @BindingName} gets for {@code a}. */
    @FunctionName("Inputs")
    public HttpResponseMessage inputs(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET, HttpMethod.POST},
                            route = "inputs/{id}",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("a") String a,
            @BindingName("id") String id) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("query", request.getQueryParameters());
        seen.put("headers", request.getHeaders());
        seen.put("bindingA", a);
        seen.put("bindingId", id);
        seen.put("body", request.getBody().orElse(null));
        return request.createResponseBuilder(HttpStatus.OK).body(seen).build();
    }

    /** Returns its body as the response body, with a Content-Type chosen by the query; for the host's writing rules. */
    @FunctionName("Reflect")
    public HttpResponseMessage reflect(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "reflect/{kind}",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("kind") String kind) {
        String body = request.getBody().orElse("");
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatus.ACCEPTED);
        if (request.getQueryParameters().containsKey("type")) {
            b.header("Content-Type", request.getQueryParameters().get("type"));
        }
        return switch (kind) {
            case "number" -> b.body(Long.parseLong(body)).build();
            case "double" -> b.body(Double.parseDouble(body)).build();
            case "null" -> b.build();
            case "map" ->
                b.body(Map.of("text", body, "list", java.util.List.of(1, 2))).build();
            default -> b.body(body).build();
        };
    }

    @FunctionName("AdminOnly")
    public String admin(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "admin-only",
                            authLevel = AuthorizationLevel.ADMIN)
                    HttpRequestMessage<Optional<String>> request) {
        return "admin ok";
    }
}
