package dev.fleetops.runner.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What the Azure Functions Java worker puts under every app: the parent class loader of the app's
 * loader. The worker jar (azure-functions-java-worker, pom.xml) shades its dependencies and relocates
 * them, except Gson ({@code com/google/gson/**} is excluded from relocation) and
 * {@code com.microsoft.azure.functions.*} (the core library and the SPI). Its
 * {@code reflect/EnhancedClassLoaderProvider} creates the app's {@code URLClassLoader} with the system
 * class loader, which holds the worker jar, as parent. So with parent-first delegation an app sees
 * the worker's Gson and the worker's Functions types, whatever versions it ships.
 *
 * <p>Here the parent is a loader with the real Gson jar at the worker's version and, delegated to the
 * runner's own loader, the core library and SPI at the worker's versions: the runner implements
 * {@code HttpRequestMessage} and {@code ExecutionContext}, so the app must get the very same classes.
 * The jars are embedded in the runner's jar under {@code worker-platform/} (see pom.xml) and extracted
 * to a temporary directory once per JVM. The runner's own Gson is relocated and never visible here.
 */
public final class WorkerPlatform {
    /** The packages whose classes the worker jar carries unrelocated, besides Gson. */
    private static final String FUNCTIONS_PACKAGE = "com.microsoft.azure.functions";

    private static final String SPI_INJECT = "com.microsoft.azure.functions.spi.inject.";
    private static final String SPI_MIDDLEWARE = "com.microsoft.azure.functions.internal.spi.middleware.";
    private static final String RESOURCE_DIR = "/worker-platform/";

    private static WorkerPlatform instance;

    private final URLClassLoader loader;
    private final Path gsonJar;
    private final Path annotationLibrary;
    private final Versions versions;
    private Object gson;

    /** The versions of the worker's platform, from worker-platform.properties (filled in from pom.xml). */
    public record Versions(String gson, String coreLibrary, String spi, String annotationLibrary) {
        @Override
        public String toString() {
            return "Gson " + gson + ", azure-functions-java-core-library " + coreLibrary + ", azure-functions-java-spi "
                    + spi;
        }
    }

    private WorkerPlatform(URLClassLoader loader, Path gsonJar, Path annotationLibrary, Versions versions) {
        this.loader = loader;
        this.gsonJar = gsonJar;
        this.annotationLibrary = annotationLibrary;
        this.versions = versions;
    }

    /** The platform, built on first use; its class loader lives as long as the JVM, as the worker's does. */
    public static synchronized WorkerPlatform get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static WorkerPlatform create() {
        Versions versions = readVersions();
        try {
            Path dir = Files.createTempDirectory("fleetops-worker-platform");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "delete-worker-platform"));
            Path gson = extract("gson-" + versions.gson() + ".jar", dir);
            Path annotationLib =
                    extract("annotationLib/azure-functions-java-library-" + versions.annotationLibrary() + ".jar", dir);
            URLClassLoader loader = new URLClassLoader(
                    "worker-platform",
                    new URL[] {gson.toUri().toURL()},
                    new WorkerFunctionsApi(WorkerPlatform.class.getClassLoader()));
            return new WorkerPlatform(loader, gson, annotationLib, versions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the worker's platform jars", e);
        }
    }

    /** The parent of every app loader. */
    public ClassLoader loader() {
        return loader;
    }

    /** The {@code annotationLib} jar the worker appends after the app's jars. */
    public Path annotationLibrary() {
        return annotationLibrary;
    }

    /** The worker's Gson jar. */
    public Path jarOfGson() {
        return gsonJar;
    }

    public Versions versions() {
        return versions;
    }

    /** True when the worker's parent class path provides this class (so an app's copy is never loaded). */
    public boolean provides(String className) {
        return loader.getResource(className.replace('.', '/') + ".class") != null;
    }

    /**
     * Serializes like the worker's {@code RpcUnspecifiedDataTarget.toJsonData}: {@code new Gson().toJson(value)}
     * with the worker's Gson ({@code RpcJsonDataSource.gson}), reached reflectively since it is not the runner's.
     *
     * @throws IllegalStateException wrapping what Gson threw (the worker would fail the invocation)
     */
    public String toJson(Object value) {
        try {
            return (String) gsonClass().getMethod("toJson", Object.class).invoke(gson(), value);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "the worker's Gson cannot serialize " + value.getClass().getName() + ": " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the worker's Gson is unusable", e);
        }
    }

    /**
     * Deserializes like the worker's {@code DataOperations.convertFromJson}: {@code new Gson().fromJson(json, type)}.
     *
     * @throws IllegalStateException wrapping what Gson threw
     */
    public Object fromJson(String json, Class<?> type) {
        try {
            return gsonClass().getMethod("fromJson", String.class, Class.class).invoke(gson(), json, type);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "the worker's Gson cannot read a " + type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the worker's Gson is unusable", e);
        }
    }

    private Class<?> gsonClass() throws ClassNotFoundException {
        return Class.forName("com.google.gson.Gson", true, loader);
    }

    /** One instance, as the worker's static {@code RpcJsonDataSource.gson}; Gson is thread-safe. */
    private synchronized Object gson() throws ReflectiveOperationException {
        if (gson == null) {
            gson = gsonClass().getConstructor().newInstance();
        }
        return gson;
    }

    private static Path extract(String name, Path dir) throws IOException {
        try (InputStream in = WorkerPlatform.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IOException("the runner's jar lacks " + RESOURCE_DIR + name + " (rebuild local-runner)");
            }
            Path target = dir.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    private static Versions readVersions() {
        Properties p = new Properties();
        try (InputStream in = WorkerPlatform.class.getResourceAsStream("worker-platform.properties")) {
            if (in == null) {
                throw new IllegalStateException("worker-platform.properties is missing (rebuild local-runner)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Versions(
                p.getProperty("gson.version"),
                p.getProperty("core-library.version"),
                p.getProperty("spi.version"),
                p.getProperty("annotation-library.version"));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /**
     * The Functions core library and SPI from the runner's loader (the same classes the runner implements);
     * nothing else of the runner, and none of its resources. The annotation package is not among them: the
     * worker jar does not carry it, the app's jars and the annotationLib jar do.
     */
    static final class WorkerFunctionsApi extends ClassLoader {
        private final ClassLoader runner;

        WorkerFunctionsApi(ClassLoader runner) {
            super("worker-functions-api", ClassLoader.getPlatformClassLoader());
            this.runner = runner;
        }

        static boolean isWorkerApi(String className) {
            int dot = className.lastIndexOf('.');
            String pkg = dot < 0 ? "" : className.substring(0, dot);
            return pkg.equals(FUNCTIONS_PACKAGE)
                    || className.startsWith(SPI_INJECT)
                    || className.startsWith(SPI_MIDDLEWARE);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (isWorkerApi(name)) {
                return runner.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            if (name.endsWith(".class")
                    && isWorkerApi(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'))) {
                return runner.getResource(name);
            }
            return null;
        }
    }
}
