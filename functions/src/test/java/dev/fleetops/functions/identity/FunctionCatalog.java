package dev.fleetops.functions.identity;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.fleetops.functions.wiring.SettingNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every function of the app, read from the compiled classes' annotations as the Maven plugin reads them to write
 * function.json: name, and for HTTP functions the route and auth level. Tests compare this with tables kept elsewhere
 * (the route policy, the Bicep's excluded paths), so a renamed or added function cannot slip past them.
 */
public final class FunctionCatalog {

    /**
     * @param route     null for a timer or queue trigger; authLevel null for those too
     * @param timer     true for a function no HTTP request reaches: a timer or a queue trigger
     */
    public record Function(String name, String route, AuthorizationLevel authLevel, boolean timer) {}

    private FunctionCatalog() {}

    public static Map<String, Function> all() {
        Map<String, Function> functions = new TreeMap<>();
        Path classes = classesDir();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replace('\\', '.');
                Class<?> type = Class.forName(
                        name.substring(0, name.length() - ".class".length()),
                        false,
                        FunctionCatalog.class.getClassLoader());
                for (Method m : type.getDeclaredMethods()) {
                    FunctionName fn = m.getAnnotation(FunctionName.class);
                    if (fn != null) {
                        functions.put(fn.value(), describe(fn.value(), m));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return functions;
    }

    private static Function describe(String name, Method m) {
        for (Parameter p : m.getParameters()) {
            for (Annotation a : p.getAnnotations()) {
                if (a instanceof HttpTrigger http) {
                    return new Function(name, http.route(), http.authLevel(), false);
                }
                if (a instanceof TimerTrigger || a instanceof com.microsoft.azure.functions.annotation.QueueTrigger) {
                    return new Function(name, null, null, true);
                }
            }
        }
        throw new IllegalStateException(name + " has neither an HTTP, a timer nor a queue trigger");
    }

    /** target/classes of the functions module. */
    private static Path classesDir() {
        try {
            return Path.of(SettingNames.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
