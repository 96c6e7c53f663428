package dev.fleetops.functions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the packaged app against the class path the Azure Functions Java worker gives it. The worker
 * (azure-functions-java-worker 2.x, {@code reflect/EnhancedClassLoaderProvider}) loads the app's jar and
 * {@code lib/*.jar} in a {@code URLClassLoader} whose parent is the system class loader holding the worker
 * jar, so parent-first delegation hands the app the worker's copy of any class both provide. The worker
 * jar relocates its dependencies except Gson and the {@code com.microsoft.azure.functions} API (core
 * library, SPI, the worker itself). An app class shadowed that way runs against another version of its
 * library: on the real worker, records and {@code JsonReader.setStrictness} failed with linkage errors.
 * The worker's parent jars are copied into {@code target/worker-parent} by the build (versions in the
 * parent pom's {@code worker.*} properties).
 */
class PackagedAppIsolationIT {
    private static final Path STAGING =
            Path.of(System.getProperty("fleetops.functions.staging", "target/azure-functions/fleetops"));
    private static final Path WORKER_PARENT =
            Path.of(System.getProperty("fleetops.worker.parent", "target/worker-parent"));
    private static final String ANNOTATIONS = "com/microsoft/azure/functions/annotation/";
    /** Package prefixes the worker owns on the parent path whatever its version bundles. */
    private static final List<String> WORKER_PACKAGES = List.of("com/google/gson/", "com/microsoft/azure/functions/");

    /**
     * Binary names in descriptors and dotted names in strings (reflection) both count; a host name such as
     * {@code github.com/google/gson} in a message does not.
     */
    private static final Pattern GSON_REFERENCE = Pattern.compile("(?<!\\.)com([/.])google\\1gson\\1");

    private static List<Path> appJars;

    @BeforeAll
    static void findAppJars() throws IOException {
        assertTrue(Files.isDirectory(STAGING), "missing " + STAGING + "; run mvn package first");
        appJars = new ArrayList<>();
        try (Stream<Path> top = Files.list(STAGING)) {
            top.filter(PackagedAppIsolationIT::isJar).forEach(appJars::add);
        }
        Path lib = STAGING.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> libs = Files.list(lib)) {
                libs.filter(PackagedAppIsolationIT::isJar).sorted().forEach(appJars::add);
            }
        }
        assertFalse(appJars.isEmpty(), "no jars in " + STAGING);
    }

    @Test
    void noJarOfTheAppProvidesAClassTheWorkerProvides() throws IOException {
        Set<String> workerClasses = new TreeSet<>();
        try (Stream<Path> jars = Files.list(WORKER_PARENT)) {
            for (Path jar : jars.filter(PackagedAppIsolationIT::isJar).toList()) {
                workerClasses.addAll(classes(jar));
            }
        }
        assertTrue(
                workerClasses.contains("com/google/gson/Gson.class"),
                "worker parent class path incomplete: " + WORKER_PARENT);

        Map<String, List<String>> shadowed = new TreeMap<>();
        for (Path jar : appJars) {
            for (String c : classes(jar)) {
                boolean workerOwned = workerClasses.contains(c)
                        || WORKER_PACKAGES.stream().anyMatch(c::startsWith) && !c.startsWith(ANNOTATIONS);
                if (workerOwned) {
                    shadowed.computeIfAbsent(name(jar), k -> new ArrayList<>()).add(c);
                }
            }
        }
        if (!shadowed.isEmpty()) {
            fail("classes the worker's parent class loader would shadow: " + summary(shadowed));
        }
    }

    @Test
    void noClassOfTheAppReferencesTheWorkersGson() throws IOException {
        Map<String, List<String>> referencing = new TreeMap<>();
        for (Path jar : appJars) {
            try (JarFile j = new JarFile(jar.toFile())) {
                for (JarEntry e :
                        j.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    String constants;
                    try (InputStream in = j.getInputStream(e)) {
                        constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    }
                    if (GSON_REFERENCE.matcher(constants).find()) {
                        referencing
                                .computeIfAbsent(name(jar), k -> new ArrayList<>())
                                .add(e.getName());
                    }
                }
            }
        }
        if (!referencing.isEmpty()) {
            fail("classes that would link against the worker's Gson: " + summary(referencing));
        }
    }

    @Test
    void theRelocatedGsonTravelsWithTheApp() throws IOException {
        Path appJar = appJars.get(0);
        Set<String> classes = classes(appJar);
        assertTrue(classes.contains("dev/fleetops/shaded/gson/Gson.class"), appJar + " lacks the relocated Gson");
        assertTrue(
                classes.contains("dev/fleetops/shaded/gson/Strictness.class"), appJar + " lacks Gson's newer classes");
    }

    /** The worker keeps the app's jar URLs in a hash set: which of two copies of a class wins is arbitrary. */
    @Test
    void noClassIsProvidedByTwoJarsOfTheApp() throws IOException {
        Map<String, String> owner = new TreeMap<>();
        Map<String, List<String>> duplicates = new TreeMap<>();
        for (Path jar : appJars) {
            for (String c : classes(jar)) {
                if (c.startsWith("META-INF/")) {
                    continue;
                }
                String first = owner.putIfAbsent(c, name(jar));
                if (first != null) {
                    duplicates
                            .computeIfAbsent(first + " and " + name(jar), k -> new ArrayList<>())
                            .add(c);
                }
            }
        }
        if (!duplicates.isEmpty()) {
            fail("classes in more than one jar of the app: " + summary(duplicates));
        }
    }

    private static Set<String> classes(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            j.stream()
                    .map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                    .forEach(names::add);
            return names;
        }
    }

    private static boolean isJar(Path p) {
        return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar");
    }

    private static String name(Path jar) {
        return STAGING.relativize(jar).toString();
    }

    private static String summary(Map<String, List<String>> byJar) {
        StringBuilder s = new StringBuilder();
        byJar.forEach((jar, classes) -> s.append("\n  ")
                .append(jar)
                .append(": ")
                .append(classes.size())
                .append(" (")
                .append(String.join(", ", classes.subList(0, Math.min(3, classes.size()))))
                .append(classes.size() > 3 ? ", …" : "")
                .append(')'));
        return s.toString();
    }
}
