package dev.fleetops.runner.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Start-up warnings about the app's class path that the real worker would not give:
 * <ul>
 *   <li>classes an app jar carries that the worker's parent class path provides (Gson, the Functions core
 *       library, the SPI, the JDK): parent-first delegation loads the worker's copy, and the app's other
 *       classes of the same library still come from the app, so the library runs as a mix of two versions;</li>
 *   <li>classes two app jars both carry: the worker keeps its URLs in a hash set, so which copy wins is
 *       not the order of {@code lib/} and may change with the paths.</li>
 * </ul>
 * The runner warns and serves the app anyway: it behaves as the worker would, which is what a test wants
 * to see. {@code functions/PackagedAppIsolationIT} is what fails the build for FleetOps itself.
 */
public final class ClassPathReport {
    private static final int EXAMPLES = 3;

    private ClassPathReport() {}

    /** @param entries the app's jars and class directories in the loader's order */
    public static List<String> warnings(List<Path> entries, WorkerPlatform platform) {
        Map<String, ClassEntry> seen = new HashMap<>();
        Map<List<Path>, List<String>> duplicates = new LinkedHashMap<>();
        Map<List<Path>, Integer> differing = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        Set<String> platformPackages = platformPackages(platform);
        for (Path entry : entries) {
            Map<String, Long> classes = classes(entry);
            Set<String> shadowed = new TreeSet<>();
            Set<String> ownInShadowedPackages = new TreeSet<>();
            for (Map.Entry<String, Long> c : classes.entrySet()) {
                String name = c.getKey();
                if (platformPackages.contains(packageOf(name)) && platform.provides(name)) {
                    shadowed.add(name);
                }
                ClassEntry first = seen.putIfAbsent(name, new ClassEntry(entry, c.getValue()));
                if (first != null) {
                    List<Path> pair = List.of(first.entry(), entry);
                    duplicates.computeIfAbsent(pair, k -> new ArrayList<>()).add(name);
                    if (first.crc() != c.getValue()) {
                        differing.merge(pair, 1, Integer::sum);
                    }
                }
            }
            if (!shadowed.isEmpty()) {
                Set<String> packages = new HashSet<>();
                shadowed.forEach(s -> packages.add(packageOf(s)));
                classes.keySet().stream()
                        .filter(n -> !shadowed.contains(n) && packages.contains(packageOf(n)))
                        .forEach(ownInShadowedPackages::add);
                warnings.add(shadowWarning(entry, shadowed, ownInShadowedPackages, platform));
            }
        }
        duplicates.forEach((pair, names) ->
                warnings.add(pair.get(0).getFileName() + " and " + pair.get(1).getFileName()
                        + " both provide " + names.size() + " classes (" + differing.getOrDefault(pair, 0)
                        + " of them differ), e.g. "
                        + examples(new TreeSet<>(names))
                        + ": the worker loads its jars in no fixed order, so which copy runs may change"));
        return warnings;
    }

    private static String shadowWarning(Path entry, Set<String> shadowed, Set<String> own, WorkerPlatform platform) {
        String text = entry.getFileName() + ": " + shadowed.size() + " classes are hidden by the worker's own ("
                + platform.versions() + "), e.g. " + examples(shadowed);
        if (!own.isEmpty()) {
            text += "; " + own.size() + " classes of the same packages still come from the app (e.g. " + examples(own)
                    + "), so the app runs on a mix of two versions. Relocate the library in the app's jar";
        }
        return text;
    }

    private static String examples(Set<String> names) {
        return String.join(", ", names.stream().limit(EXAMPLES).toList()) + (names.size() > EXAMPLES ? ", ..." : "");
    }

    private record ClassEntry(Path entry, long crc) {}

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** Packages the parent provides at all: the JDK's, the worker's Gson and Functions packages. */
    private static Set<String> platformPackages(WorkerPlatform platform) {
        Set<String> packages = new HashSet<>();
        ModuleLayer.boot().modules().forEach(m -> packages.addAll(m.getPackages()));
        for (String name : classes(platform.jarOfGson()).keySet()) {
            packages.add(packageOf(name));
        }
        packages.add("com.microsoft.azure.functions");
        packages.add("com.microsoft.azure.functions.spi.inject");
        packages.add("com.microsoft.azure.functions.internal.spi.middleware");
        return packages;
    }

    /** Class names and CRCs (a class directory gets its byte length instead) of a jar or directory. */
    static Map<String, Long> classes(Path entry) {
        Map<String, Long> classes = new LinkedHashMap<>();
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    for (Path f :
                            files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        String rel = entry.relativize(f).toString().replace('\\', '/');
                        add(classes, rel, Files.size(f));
                    }
                }
            } else if (Files.isRegularFile(entry)) {
                try (ZipFile zip = new ZipFile(entry.toFile())) {
                    zip.stream()
                            .filter(e -> !e.isDirectory())
                            .forEach((ZipEntry e) -> add(classes, e.getName(), e.getCrc()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry, e);
        }
        return classes;
    }

    private static void add(Map<String, Long> classes, String path, long fingerprint) {
        if (path.endsWith(".class")
                && !path.startsWith("META-INF/")
                && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class")) {
            classes.put(path.substring(0, path.length() - ".class".length()).replace('/', '.'), fingerprint);
        }
    }
}
