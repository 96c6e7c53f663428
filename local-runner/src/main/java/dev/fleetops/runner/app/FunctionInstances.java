package dev.fleetops.runner.app;

import com.microsoft.azure.functions.internal.spi.middleware.Middleware;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates function class instances the way the Java worker does: the app's single
 * {@link FunctionInstanceInjector}, found once through {@link ServiceLoader} in the app's class loader
 * and asked on every invocation; without one, a new instance per invocation from the no-arg constructor.
 */
public final class FunctionInstances {
    private final FunctionInstanceInjector injector;

    private FunctionInstances(FunctionInstanceInjector injector) {
        this.injector = injector;
    }

    /**
     * Looks the injector up as {@code JavaFunctionBroker.initializeFunctionInstanceInjector} does:
     * {@code ServiceLoader.load(FunctionInstanceInjector.class)} with the app's loader as the thread's context
     * class loader, the first one found, and a refusal when there is a second.
     *
     * @throws IllegalStateException when the app registers more than one injector (the worker refuses too)
     */
    public static FunctionInstances load(ClassLoader appLoader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        try {
            Iterator<FunctionInstanceInjector> it =
                    ServiceLoader.load(FunctionInstanceInjector.class).iterator();
            if (!it.hasNext()) {
                return new FunctionInstances(null);
            }
            FunctionInstanceInjector injector = it.next();
            if (it.hasNext()) {
                throw new IllegalStateException(
                        "Customer function app has multiple FunctionInstanceInjector implementations");
            }
            return new FunctionInstances(injector);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The app's {@code Middleware} implementations, which the worker would chain around every invocation
     * ({@code JavaFunctionBroker.initializeInvocationChainFactory}); the runner does not run them.
     */
    public static List<String> middlewares(ClassLoader appLoader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        try {
            return ServiceLoader.load(Middleware.class).stream()
                    .map(p -> p.type().getName())
                    .toList();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The injector's class name, or null when the app has none. */
    public String injectorName() {
        return injector == null ? null : injector.getClass().getName();
    }

    /** Without an injector, the worker's default: {@code functionClass.newInstance()} on every invocation. */
    public Object instanceOf(Class<?> functionClass) throws Exception {
        return injector != null
                ? injector.getInstance(functionClass)
                : functionClass.getDeclaredConstructor().newInstance();
    }
}
