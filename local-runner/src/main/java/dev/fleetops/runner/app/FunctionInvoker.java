package dev.fleetops.runner.app;

import com.microsoft.azure.functions.annotation.FunctionName;
import dev.fleetops.runner.metadata.FunctionMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Calls one function's entry point: gets the instance from {@link FunctionInstances} on every call,
 * binds the parameters, and runs with the app's class loader as context class loader. Thread-safe.
 */
public final class FunctionInvoker {
    private final Method method;
    private final List<ParameterSource> sources;
    private final FunctionInstances instances;
    private final ClassLoader appLoader;

    private FunctionInvoker(Method method, List<ParameterSource> sources, FunctionInstances instances, ClassLoader appLoader) {
        this.method = method;
        this.sources = sources;
        this.instances = instances;
        this.appLoader = appLoader;
    }

    /**
     * Finds the entry point: the public method with the entry point's name (the one whose
     * {@code @FunctionName} is the function's name when the name is overloaded).
     *
     * @throws IllegalArgumentException when the class or method is missing or a parameter cannot be bound
     */
    public static FunctionInvoker resolve(FunctionMetadata function, ClassLoader appLoader, FunctionInstances instances) {
        String className = function.entryPoint().className();
        Class<?> type;
        try {
            type = Class.forName(className, true, appLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("cannot load " + className + ": " + e, e);
        }
        List<Method> candidates = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(function.entryPoint().methodName())).toList();
        if (candidates.size() > 1) {
            candidates = candidates.stream().filter(m -> m.isAnnotationPresent(FunctionName.class)
                    && m.getAnnotation(FunctionName.class).value().equals(function.name())).toList();
        }
        if (candidates.size() != 1) {
            throw new IllegalArgumentException("no single public method " + className + "." + function.entryPoint().methodName());
        }
        Method method = candidates.get(0);
        List<ParameterSource> sources = new ArrayList<>();
        for (Parameter p : method.getParameters()) {
            sources.add(ParameterSource.of(p));
        }
        return new FunctionInvoker(method, List.copyOf(sources), instances, appLoader);
    }

    /**
     * Runs the function and returns what it returned.
     *
     * @throws Exception what the function (or the app's injector) threw, unwrapped
     */
    public Object invoke(Invocation invocation) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        try {
            Object target = Modifier.isStatic(method.getModifiers()) ? null : instances.instanceOf(method.getDeclaringClass());
            Object[] args = sources.stream().map(s -> s.value(invocation)).toArray();
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
