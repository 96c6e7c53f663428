package dev.fleetops.runner.fake;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Echoes the request headers a function receives, both as the request's map and as the {@code Headers} binding data. */
public final class FakeIdentityFunctions {

    @FunctionName("WhoAmI")
    public HttpResponseMessage whoAmI(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "whoami",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("Headers") String headers) {
        return echo(request, headers);
    }

    @FunctionName("OpenApiDoc")
    public HttpResponseMessage openApi(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "openapi.json",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("Headers") String headers) {
        return echo(request, headers);
    }

    private static HttpResponseMessage echo(HttpRequestMessage<Optional<String>> request, String bindingHeaders) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("headers", request.getHeaders());
        seen.put("bindingHeaders", bindingHeaders);
        return request.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/json")
                .body(seen)
                .build();
    }
}
