package dev.fleetops.runner;

import dev.fleetops.runner.app.AppClassLoader;
import dev.fleetops.runner.app.FunctionInstances;
import dev.fleetops.runner.app.FunctionInvoker;
import dev.fleetops.runner.http.RouteTable;
import dev.fleetops.runner.http.RouteTemplate;
import dev.fleetops.runner.metadata.AppMetadata;
import dev.fleetops.runner.metadata.FunctionJsonLoader;
import dev.fleetops.runner.metadata.FunctionMetadata;
import dev.fleetops.runner.timer.NcrontabSchedule;
import dev.fleetops.runner.timer.TimerScheduler;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The app, loaded and checked before anything listens: metadata, schedules, class loader, injector and
 * one invoker per served function. Functions the runner cannot serve are listed in {@code skipped}.
 */
record LoadedApp(URLClassLoader loader, String injector, RouteTable routes, Map<String, FunctionInvoker> invokers,
                 List<TimerScheduler.Timer> timers, List<AppMetadata.Skipped> skipped) {

    /**
     * @throws RunnerStartException for an unreadable staging directory, a timer schedule that does not
     *                              parse, or an app with more than one injector
     */
    static LoadedApp load(RunnerConfig config) {
        AppMetadata meta;
        try {
            meta = FunctionJsonLoader.load(config.appDir());
        } catch (IllegalArgumentException e) {
            throw new RunnerStartException(e.getMessage(), e);
        }
        Map<String, NcrontabSchedule> schedules = schedules(meta, config.env());
        Set<java.nio.file.Path> scripts = meta.functions().stream().map(f -> f.entryPoint().scriptFile())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        URLClassLoader loader = AppClassLoader.create(config.appDir(), scripts);
        FunctionInstances instances = withContextLoader(loader, () -> FunctionInstances.load(loader));
        List<AppMetadata.Skipped> skipped = new ArrayList<>(meta.skipped());
        Map<String, FunctionInvoker> invokers = new LinkedHashMap<>();
        List<RouteTable.Route> routes = new ArrayList<>();
        List<TimerScheduler.Timer> timers = new ArrayList<>();
        for (FunctionMetadata f : meta.functions()) {
            try {
                FunctionInvoker invoker = withContextLoader(loader, () -> FunctionInvoker.resolve(f, loader, instances));
                if (f instanceof FunctionMetadata.Http http) {
                    routes.add(new RouteTable.Route(RouteTemplate.parse(http.route()), http));
                } else {
                    timers.add(new TimerScheduler.Timer(f.name(), schedules.get(f.name()), invoker));
                }
                invokers.put(f.name(), invoker);
            } catch (IllegalArgumentException e) {
                skipped.add(new AppMetadata.Skipped(f.name(), e.getMessage()));
            }
        }
        return new LoadedApp(loader, instances.injectorName(), new RouteTable(meta.routePrefix(), routes), invokers,
                timers, skipped);
    }

    private static Map<String, NcrontabSchedule> schedules(AppMetadata meta, Map<String, String> env) {
        Map<String, NcrontabSchedule> schedules = new LinkedHashMap<>();
        for (FunctionMetadata f : meta.functions()) {
            if (f instanceof FunctionMetadata.Timer timer) {
                String resolved = timer.schedule();
                try {
                    resolved = SettingReferences.resolve(timer.schedule(), env);
                    schedules.put(f.name(), NcrontabSchedule.parse(resolved));
                } catch (IllegalArgumentException e) {
                    String shown = resolved.equals(timer.schedule()) ? "'" + resolved + "'"
                            : "'" + timer.schedule() + "' (= '" + resolved + "')";
                    throw new RunnerStartException("Timer function '" + f.name() + "' has an invalid schedule " + shown
                            + ": " + e.getMessage(), e);
                }
            }
        }
        return schedules;
    }

    private static <T> T withContextLoader(ClassLoader loader, java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
            throw new RunnerStartException("Cannot load the app's FunctionInstanceInjector: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
