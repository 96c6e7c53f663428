package dev.fleetops.runner.app;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;
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
     * Runs the ServiceLoader lookup; call with the app loader as context class loader.
     *
     * @throws IllegalStateException when the app registers more than one injector (the worker refuses too)
     */
    public static FunctionInstances load(ClassLoader appLoader) {
        List<FunctionInstanceInjector> found = ServiceLoader.load(FunctionInstanceInjector.class, appLoader).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (found.size() > 1) {
            throw new IllegalStateException("Customer function app has multiple FunctionInstanceInjector implementations: "
                    + found.stream().map(i -> i.getClass().getName()).toList());
        }
        return new FunctionInstances(found.isEmpty() ? null : found.get(0));
    }

    /** The injector's class name, or null when the app has none. */
    public String injectorName() {
        return injector == null ? null : injector.getClass().getName();
    }

    public Object instanceOf(Class<?> functionClass) throws Exception {
        return injector != null ? injector.getInstance(functionClass) : functionClass.getDeclaredConstructor().newInstance();
    }
}
