package dev.fleetops.runner.fake.gson;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An app that bundles its own, newer Gson in lib/ (as FleetOps did before relocating it) and uses what
 * Gson 2.9.0 lacks: strictness (2.11) and records (2.10). Packaged into a jar by the test, not loaded
 * from the test classes.
 */
public final class GsonProbeFunctions {

    /** A record, which Gson reads only from 2.10 on. */
    public record Named(String name) {}

    /** Reports which Gson the app got and what happened to each use; never fails. */
    @FunctionName("GsonProbe")
    public HttpResponseMessage probe(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "gson",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request) {
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("gsonLoader", Gson.class.getClassLoader().getName());
        seen.put("strictnessLoader", Strictness.class.getClassLoader().getName());
        seen.put("setStrictness", attempt(() -> new GsonBuilder().setStrictness(Strictness.STRICT)));
        seen.put("readRecord", attempt(() -> new Gson().fromJson("{\"name\":\"x\"}", Named.class)));
        seen.put("annotationsFrom", jarOf(FunctionName.class));
        return request.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/json")
                .body(new Gson().toJson(seen))
                .build();
    }

    /** Parses strictly as FleetOps' StrictJson did; on the worker this throws NoSuchMethodError. */
    @FunctionName("StrictParse")
    public HttpResponseMessage strict(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "strict",
                            authLevel = AuthorizationLevel.ANONYMOUS)
                    HttpRequestMessage<Optional<String>> request) {
        Gson gson = new GsonBuilder().setStrictness(Strictness.STRICT).create();
        return request.createResponseBuilder(HttpStatus.OK)
                .body(gson.toJson(request.getBody().orElse("")))
                .build();
    }

    private static String attempt(Supplier<Object> use) {
        try {
            use.get();
            return "ok";
        } catch (Throwable t) {
            return t.getClass().getSimpleName();
        }
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getFileName()
                    .toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
