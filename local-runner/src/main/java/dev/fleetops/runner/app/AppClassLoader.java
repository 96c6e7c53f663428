package dev.fleetops.runner.app;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The class loader the app runs in, built as the Java worker builds it:
 * <ul>
 *   <li>{@code broker/JavaFunctionBroker.addSearchPathsToClassLoader}: the function's {@code scriptFile}, then
 *       every {@code *.jar} in the first directory next to it whose name ends with {@code lib}
 *       ({@code description/FunctionMethodDescriptor.getLibDirectory}), as "customer" URLs; then the
 *       {@code annotationLib/azure-functions-java-library*.jar} of the worker as a "worker" URL;</li>
 *   <li>{@code reflect/EnhancedClassLoaderProvider}: both kept in {@code ConcurrentHashMap}-backed sets, so
 *       their order is the map's, not the order added; {@code new URLClassLoader(customerUrls + workerUrls)}
 *       with the worker's class path as parent ({@link WorkerPlatform}), delegating parent first;</li>
 *   <li>the loader is created once, when the first function loads, so it holds that function's jar only.</li>
 * </ul>
 */
public final class AppClassLoader {

    /** The loader and, in its search order, the app's own entries (without the annotationLib jar). */
    public record Loaded(URLClassLoader loader, List<Path> customerEntries) {}

    private AppClassLoader() {}

    /** @param scriptFile the first function's jar (or class directory, in tests); null when no function is served */
    public static Loaded create(Path scriptFile, WorkerPlatform platform) {
        Set<URL> customerUrls = Collections.newSetFromMap(new ConcurrentHashMap<>());
        Set<URL> workerUrls = Collections.newSetFromMap(new ConcurrentHashMap<>());
        if (scriptFile != null) {
            customerUrls.add(url(scriptFile));
            libDirectory(scriptFile).ifPresent(lib -> jars(lib).forEach(j -> customerUrls.add(url(j))));
        }
        workerUrls.add(url(platform.annotationLibrary()));
        List<URL> urls = new ArrayList<>(customerUrls);
        List<Path> entries = urls.stream().map(AppClassLoader::path).toList();
        urls.addAll(workerUrls);
        return new Loaded(new URLClassLoader("fleetops-app", urls.toArray(URL[]::new), platform.loader()), entries);
    }

    /** The first sibling directory named {@code *lib}, in directory-listing order as {@code File.listFiles} gives it. */
    private static Optional<Path> libDirectory(Path scriptFile) {
        File parent = scriptFile.toAbsolutePath().toFile().getParentFile();
        File[] dirs = parent == null
                ? null
                : parent.listFiles(f -> f.isDirectory() && f.getName().endsWith("lib"));
        return dirs == null || dirs.length == 0 ? Optional.empty() : Optional.of(dirs[0].toPath());
    }

    private static List<Path> jars(Path lib) {
        File[] files = lib.toFile().listFiles(f -> f.isFile() && f.getName().endsWith(".jar"));
        return files == null ? List.of() : Stream.of(files).map(File::toPath).toList();
    }

    /** As the worker does it: {@code new File(path).toURI().toURL()} (a directory gets a trailing slash). */
    private static URL url(Path p) {
        try {
            return p.toAbsolutePath().toFile().toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad class path entry " + p, e);
        }
    }

    private static Path path(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
