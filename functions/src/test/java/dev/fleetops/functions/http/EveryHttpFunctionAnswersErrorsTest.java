package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.functions.support.FaultingHttpRequest;
import dev.fleetops.functions.support.OneFault;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every HTTP function of the app, found from its annotations as the Functions host finds them, answers a
 * {@link LinkageError} (what a library shadowed on the worker's class path throws) with problem+json 500
 * carrying the invocation id, whether the error strikes while it reads the request, when it asks for a
 * service or, for a function that needs none, while it builds its response. The host would otherwise answer
 * an empty 500.
 */
class EveryHttpFunctionAnswersErrorsTest {
    private static final String DEVICE = "device-001";
    private static final String VERSION = "2.1.0";
    private static final String OPERATION = "0b6f4a4e-9a52-4c1b-8f0e-6c1a2b3c4d5e";
    /** Where a fault can strike: reading the request, asking for a service, building the response. */
    private static final List<String> FAULT_POINTS = List.of("request", "service", "response");

    @TestFactory
    Stream<DynamicTest> aLinkageErrorAnywhereBecomesProblemJson500() throws Exception {
        List<Method> functions = httpFunctions();
        assertTrue(functions.size() >= 17, "found only " + functions);
        List<DynamicTest> tests = new ArrayList<>();
        for (Method function : functions) {
            String name = function.getAnnotation(FunctionName.class).value();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> reached = new ArrayList<>();
                for (String point : FAULT_POINTS) {
                    if (answersProblem(function, point)) {
                        reached.add(point);
                    }
                }
                assertFalse(reached.isEmpty(), name + " reached no fault point");
            }));
        }
        return tests.stream();
    }

    @Test
    void theLastResortBodyIsValidJsonWhateverThePath() {
        String json = InternalErrorBody.json("/api/devices/a\"b\\c\u0001\u2028/reboot", "inv-\"7\"");
        JsonObject body = dev.fleetops.contract.StrictJson.parseObject(json);
        assertEquals(
                "/api/devices/a\"b\\c\u0001\u2028/reboot", body.get("instance").getAsString());
        assertEquals("inv-\"7\"", body.get("invocationId").getAsString());
        assertEquals(500, body.get("status").getAsInt());
        assertEquals("internal-error", body.get("code").getAsString());
        assertEquals(Problems.internal().title(), body.get("title").getAsString());
        assertEquals(Problems.internal().detail(), body.get("detail").getAsString());
    }

    /** @return false if the function never reached the point (e.g. it does not read its request) */
    private static boolean answersProblem(Method function, String point) throws Exception {
        NoSuchMethodError error = new NoSuchMethodError(
                "'void com.google.gson.stream.JsonReader.setStrictness(com.google.gson.Strictness)'");
        OneFault fault = new OneFault(error);
        OneFault none = new OneFault(null);
        if (point.equals("response")
                && Stream.of(function.getDeclaringClass().getConstructors()).anyMatch(c -> c.getParameterCount() > 0)) {
            // A function with services answers their absence with a 500 built by the same builder; a fault
            // there is the worker's own and cannot be answered.
            return false;
        }
        Object instance = construct(function.getDeclaringClass(), point.equals("service") ? fault : none);
        HttpTrigger trigger = triggerOf(function);
        String route = "/api/"
                + trigger.route()
                        .replace("{deviceId}", DEVICE)
                        .replace("{id}", OPERATION)
                        .replace("{version}", VERSION);
        FaultingHttpRequest request = new FaultingHttpRequest(
                trigger.methods()[0],
                route,
                "{}",
                point.equals("request") ? fault : none,
                point.equals("response") ? fault : none);
        TestContext context =
                new TestContext(function.getAnnotation(FunctionName.class).value());

        TestHttpResponse response = TestHttpResponse.of((com.microsoft.azure.functions.HttpResponseMessage)
                function.invoke(instance, arguments(function, request, context)));

        if (fault.thrownAt() == null) {
            return false;
        }
        assertEquals(500, response.code(), function + " at " + fault.thrownAt());
        assertEquals(Problem.CONTENT_TYPE, response.getHeader("Content-Type"));
        JsonObject body = response.json();
        assertEquals("internal-error", body.get("code").getAsString());
        assertEquals("inv-1", body.get("invocationId").getAsString());
        assertEquals(route, body.get("instance").getAsString());
        assertFalse(
                ((String) response.getBody()).contains("gson")
                        || ((String) response.getBody()).contains("NoSuchMethod"),
                "internals leaked: " + response.getBody());
        assertTrue(
                context.logText()
                        .contains("unexpected java.lang.NoSuchMethodError in " + context.getFunctionName()
                                + " (invocation inv-1)"),
                context.logText());
        assertSame(
                error,
                context.records.stream()
                        .filter(r -> r.getThrown() != null)
                        .findFirst()
                        .orElseThrow()
                        .getThrown());
        return true;
    }

    private static Object construct(Class<?> type, OneFault serviceFault) throws Exception {
        Constructor<?> c = Stream.of(type.getConstructors())
                .max(Comparator.comparingInt(Constructor::getParameterCount))
                .orElseThrow();
        Object[] args = new Object[c.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            Class<?> p = c.getParameterTypes()[i];
            assertSame(Supplier.class, p, type + " takes a " + p + "; teach this test how to make it fail");
            args[i] = serviceFault.supplier(type.getSimpleName() + " dependency " + i);
        }
        return c.newInstance(args);
    }

    private static Object[] arguments(Method function, HttpRequestMessage<?> request, ExecutionContext context) {
        Parameter[] params = function.getParameters();
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            if (p.isAnnotationPresent(HttpTrigger.class)) {
                args[i] = request;
            } else if (p.getType() == ExecutionContext.class) {
                args[i] = context;
            } else if (p.isAnnotationPresent(BindingName.class)) {
                String name = p.getAnnotation(BindingName.class).value();
                args[i] = name.equals("deviceId") ? DEVICE : name.equals("version") ? VERSION : OPERATION;
            } else {
                throw new AssertionError("unexpected parameter " + p + " of " + function);
            }
        }
        return args;
    }

    private static HttpTrigger triggerOf(Method function) {
        for (Parameter p : function.getParameters()) {
            HttpTrigger t = p.getAnnotation(HttpTrigger.class);
            if (t != null) {
                return t;
            }
        }
        throw new AssertionError(function + " has no HTTP trigger");
    }

    /** The app's HTTP functions, from the compiled classes, as the Maven plugin finds them. */
    private static List<Method> httpFunctions() throws Exception {
        Path classes = Path.of(DeviceActionFunctions.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Method> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                for (Method m : Class.forName(name).getDeclaredMethods()) {
                    if (m.isAnnotationPresent(FunctionName.class)
                            && Stream.of(m.getParameters()).anyMatch(p -> p.isAnnotationPresent(HttpTrigger.class))) {
                        found.add(m);
                    }
                }
            }
        }
        found.sort(Comparator.comparing(m -> m.getAnnotation(FunctionName.class).value()));
        assertNotNull(found);
        return found;
    }
}
