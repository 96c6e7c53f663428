package dev.fleetops.runner.app;

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

    private FunctionInvoker(
            Method method, List<ParameterSource> sources, FunctionInstances instances, ClassLoader appLoader) {
        this.method = method;
        this.sources = sources;
        this.instances = instances;
        this.appLoader = appLoader;
    }

    /**
     * Finds the entry point as the worker's {@code broker/FunctionDefinition} does: the class is loaded without
     * initializing it, and the one public method with the entry point's name declared by that very class is taken
     * (an inherited one does not count; an overloaded name is refused, as the worker refuses it).
     *
     * @throws IllegalArgumentException when the class or method is missing or a parameter cannot be bound
     */
    public static FunctionInvoker resolve(
            FunctionMetadata function, ClassLoader appLoader, FunctionInstances instances, WorkerPlatform platform) {
        String className = function.entryPoint().className();
        Class<?> type;
        try {
            type = Class.forName(className, false, appLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("cannot load " + className + ": " + e, e);
        }
        List<Method> candidates = Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass().getName().equals(className)
                        && m.getName().equals(function.entryPoint().methodName()))
                .toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("There are no methods named \""
                    + function.entryPoint().methodName() + "\" in class \"" + className + "\"");
        }
        if (candidates.size() > 1) {
            throw new IllegalArgumentException("Found more than one function with method name \""
                    + function.entryPoint().methodName() + "\" in class \"" + className + "\"");
        }
        Method method = candidates.get(0);
        List<ParameterSource> sources = new ArrayList<>();
        for (Parameter p : method.getParameters()) {
            sources.add(ParameterSource.of(p, function, platform));
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
            Object target =
                    Modifier.isStatic(method.getModifiers()) ? null : instances.instanceOf(method.getDeclaringClass());
            Object[] args = sources.stream().map(s -> s.value(invocation)).toArray();
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            // EnhancedJavaMethodExecutorImpl resets it to the system class loader; the runner restores the previous
            // one.
            thread.setContextClassLoader(previous);
        }
    }
}
