package dev.fleetops.runner.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The class loader the app runs in, as in the Java worker: the app's jars ({@code scriptFile}s plus
 * {@code lib/*.jar}) on top of a parent that shares only the {@code com.microsoft.azure.functions}
 * types (library, core library, SPI) with the runner. The app never sees the runner's own classes or
 * its Gson, and the runner reads the app's annotations with its own annotation types.
 */
public final class AppClassLoader {
    static final String SHARED_PACKAGE = "com.microsoft.azure.functions.";

    private AppClassLoader() {
    }

    /** @param scriptFiles jars or class directories named by the functions' {@code scriptFile} */
    public static URLClassLoader create(Path appDir, Collection<Path> scriptFiles) {
        Set<Path> entries = new LinkedHashSet<>(scriptFiles);
        entries.addAll(jars(appDir.resolve("lib")));
        List<URL> urls = new ArrayList<>();
        for (Path p : entries) {
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad class path entry " + p, e);
            }
        }
        return new URLClassLoader("fleetops-app", urls.toArray(URL[]::new), new SharedApi(AppClassLoader.class.getClassLoader()));
    }

    private static List<Path> jars(Path lib) {
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Platform classes, plus the shared Functions API from the runner's loader; no resources of the runner. */
    private static final class SharedApi extends ClassLoader {
        private final ClassLoader runner;

        SharedApi(ClassLoader runner) {
            super("fleetops-shared-api", ClassLoader.getPlatformClassLoader());
            this.runner = runner;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith(SHARED_PACKAGE)) {
                return runner.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }
    }
}
