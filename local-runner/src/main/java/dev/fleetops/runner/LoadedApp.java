package dev.fleetops.runner;

import dev.fleetops.runner.app.AppClassLoader;
import dev.fleetops.runner.app.ClassPathReport;
import dev.fleetops.runner.app.FunctionInstances;
import dev.fleetops.runner.app.FunctionInvoker;
import dev.fleetops.runner.app.WorkerPlatform;
import dev.fleetops.runner.http.RouteTable;
import dev.fleetops.runner.http.RouteTemplate;
import dev.fleetops.runner.metadata.AppMetadata;
import dev.fleetops.runner.metadata.FunctionJsonLoader;
import dev.fleetops.runner.metadata.FunctionMetadata;
import dev.fleetops.runner.metadata.QueuesOptions;
import dev.fleetops.runner.metadata.SingletonOptions;
import dev.fleetops.runner.queue.QueueListener;
import dev.fleetops.runner.queue.QueueNames;
import dev.fleetops.runner.storage.StorageAccount;
import dev.fleetops.runner.timer.NcrontabSchedule;
import dev.fleetops.runner.timer.TimerScheduler;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The app, loaded and checked before anything listens: metadata, schedules, class loader (as the worker builds
 * it), injector and one invoker per served function. Functions the runner cannot serve are listed in
 * {@code skipped}; what would make the app behave differently between runs on the real worker, in {@code warnings}.
 */
record LoadedApp(
        URLClassLoader loader,
        String injector,
        RouteTable routes,
        Map<String, FunctionInvoker> invokers,
        List<TimerScheduler.Timer> timers,
        List<QueueTrigger> queues,
        QueuesOptions queuesOptions,
        SingletonOptions singletonOptions,
        List<AppMetadata.Skipped> skipped,
        List<String> warnings,
        WorkerPlatform platform) {

    /** A queue-triggered function with its resolved queue and storage account. */
    record QueueTrigger(QueueListener.Function function, StorageAccount account) {}

    /**
     * A timer schedule that does not parse, or a queue trigger with an invalid queue name or without its storage
     * connection, puts that function in error (listed with {@link #skipped}, not served) and the others run.
     *
     * @throws RunnerStartException for an unreadable staging directory or an app with more than one injector
     */
    static LoadedApp load(RunnerConfig config) {
        AppMetadata meta;
        try {
            meta = FunctionJsonLoader.load(config.appDir());
        } catch (IllegalArgumentException e) {
            throw new RunnerStartException(e.getMessage(), e);
        }
        // A trigger whose settings do not resolve puts its function in error, as the host's indexing does ("The
        // following 1 functions are in error"); the other functions run.
        Map<String, String> inError = new LinkedHashMap<>();
        Map<String, NcrontabSchedule> schedules = schedules(meta, config.env(), inError);
        Map<String, QueueTrigger> queueTargets = queueTargets(meta, config.env(), inError);
        WorkerPlatform platform = WorkerPlatform.get();
        List<String> warnings = new ArrayList<>();
        // The worker creates its class loader once, when the first function loads: later functions' jars are not on it.
        Path scriptFile = meta.functions().isEmpty()
                ? null
                : meta.functions().get(0).entryPoint().scriptFile();
        Set<Path> others = meta.functions().stream()
                .map(f -> f.entryPoint().scriptFile())
                .filter(p -> !p.equals(scriptFile))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!others.isEmpty()) {
            warnings.add("functions name other scriptFiles than " + scriptFile.getFileName() + " (" + others
                    + "): the worker's class loader holds only the first function's jar and its lib/");
        }
        AppClassLoader.Loaded app = AppClassLoader.create(scriptFile, platform);
        URLClassLoader loader = app.loader();
        warnings.addAll(ClassPathReport.warnings(app.customerEntries(), platform));
        FunctionInstances instances;
        try {
            instances = FunctionInstances.load(loader);
            List<String> middlewares = FunctionInstances.middlewares(loader);
            if (!middlewares.isEmpty()) {
                warnings.add("the app registers Middleware " + middlewares
                        + ", which the worker runs around every invocation and" + " the runner does not");
            }
        } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
            throw new RunnerStartException("Cannot load the app's FunctionInstanceInjector: " + e.getMessage(), e);
        }
        List<AppMetadata.Skipped> skipped = new ArrayList<>(meta.skipped());
        inError.forEach((name, why) -> skipped.add(new AppMetadata.Skipped(name, "in error: " + why)));
        Map<String, FunctionInvoker> invokers = new LinkedHashMap<>();
        List<RouteTable.Route> routes = new ArrayList<>();
        List<TimerScheduler.Timer> timers = new ArrayList<>();
        List<QueueTrigger> queues = new ArrayList<>();
        for (FunctionMetadata f : meta.functions()) {
            if (inError.containsKey(f.name())) {
                continue;
            }
            try {
                FunctionInvoker invoker = FunctionInvoker.resolve(f, loader, instances, platform);
                if (f instanceof FunctionMetadata.Http http) {
                    routes.add(new RouteTable.Route(RouteTemplate.parse(http.route()), http));
                } else if (f instanceof FunctionMetadata.Timer timer) {
                    timers.add(new TimerScheduler.Timer(
                            f.name(), schedules.get(f.name()), invoker, timer.useMonitor(), timer.runOnStartup()));
                } else if (f instanceof FunctionMetadata.Queue queue) {
                    QueueTrigger target = queueTargets.get(f.name());
                    queues.add(new QueueTrigger(
                            new QueueListener.Function(
                                    f.name(), target.function().queue(), invoker, queue.binary()),
                            target.account()));
                }
                invokers.put(f.name(), invoker);
            } catch (IllegalArgumentException e) {
                skipped.add(new AppMetadata.Skipped(f.name(), e.getMessage()));
            }
        }
        return new LoadedApp(
                loader,
                instances.injectorName(),
                new RouteTable(meta.routePrefix(), routes),
                invokers,
                timers,
                queues,
                meta.queues(),
                meta.singleton(),
                skipped,
                List.copyOf(warnings),
                platform);
    }

    /**
     * The queue name, {@code %SETTING%} references resolved, lower-cased and validated, and the storage account its
     * {@code connection} names, as the extension's {@code QueueTriggerAttributeBindingProvider} resolves them when the
     * host indexes the function; a failure puts the function in error ({@code inError}), as there.
     */
    private static Map<String, QueueTrigger> queueTargets(
            AppMetadata meta, Map<String, String> env, Map<String, String> inError) {
        Map<String, QueueTrigger> targets = new LinkedHashMap<>();
        for (FunctionMetadata f : meta.functions()) {
            if (f instanceof FunctionMetadata.Queue q) {
                try {
                    if (q.queueName() == null) {
                        throw new IllegalArgumentException("function.json has no queueName");
                    }
                    String name = QueueNames.normalize(SettingReferences.resolve(q.queueName(), env));
                    String connection = q.connection() == null ? null : SettingReferences.resolve(q.connection(), env);
                    targets.put(
                            f.name(),
                            new QueueTrigger(
                                    new QueueListener.Function(f.name(), name, null, q.binary()),
                                    StorageAccount.require(connection, env)));
                } catch (IllegalArgumentException e) {
                    inError.put(
                            f.name(),
                            "Queue function '" + f.name() + "' (queueName '" + q.queueName() + "'): " + e.getMessage());
                }
            }
        }
        return targets;
    }

    private static Map<String, NcrontabSchedule> schedules(
            AppMetadata meta, Map<String, String> env, Map<String, String> inError) {
        Map<String, NcrontabSchedule> schedules = new LinkedHashMap<>();
        for (FunctionMetadata f : meta.functions()) {
            if (f instanceof FunctionMetadata.Timer timer) {
                String resolved = timer.schedule();
                try {
                    resolved = SettingReferences.resolve(timer.schedule(), env);
                    schedules.put(f.name(), NcrontabSchedule.parse(resolved));
                } catch (IllegalArgumentException e) {
                    String shown = resolved.equals(timer.schedule())
                            ? "'" + resolved + "'"
                            : "'" + timer.schedule() + "' (= '" + resolved + "')";
                    inError.put(
                            f.name(),
                            "Timer function '" + f.name() + "' has an invalid schedule " + shown + ": "
                                    + e.getMessage());
                }
            }
        }
        return schedules;
    }
}
