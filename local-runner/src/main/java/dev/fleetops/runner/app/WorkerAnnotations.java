package dev.fleetops.runner.app;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

/**
 * Reads a parameter's Functions annotations by name, as the worker's {@code broker/CoreTypeResolver} does:
 * the annotation classes belong to the app's loader (its jars or the annotationLib jar), not to the
 * worker, so neither the worker nor the runner can refer to them as classes.
 */
final class WorkerAnnotations {
    private static final String ANNOTATION_PACKAGE = "com.microsoft.azure.functions.annotation";
    private static final String BINDING_NAME = ANNOTATION_PACKAGE + ".BindingName";
    private static final String CUSTOM_BINDING = ANNOTATION_PACKAGE + ".CustomBinding";

    private WorkerAnnotations() {}

    /**
     * {@code CoreTypeResolver.getAnnotationName}: the {@code name()} of the last annotation whose text mentions the
     * annotation package (or of a {@code @CustomBinding}-annotated one); null when there is none, or when the only
     * such annotation has no {@code name()} (as {@code @BindingName}).
     */
    static String bindingName(Parameter parameter) {
        String name = null;
        for (Annotation annotation : parameter.getAnnotations()) {
            if (annotation.toString().contains(ANNOTATION_PACKAGE)) {
                name = nameOf(annotation);
            }
            if (name == null) {
                Annotation custom = metaAnnotation(annotation, CUSTOM_BINDING);
                if (custom != null) {
                    name = nameOf(annotation);
                    if (name == null) {
                        name = nameOf(custom);
                    }
                }
            }
        }
        return name;
    }

    /** {@code CoreTypeResolver.getBindingNameAnnotation}: the value of {@code @BindingName}, or "" without one. */
    static String bindingNameValue(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            if (annotation.annotationType().getName().equals(BINDING_NAME)) {
                return invoke(annotation, "value");
            }
        }
        return "";
    }

    private static Annotation metaAnnotation(Annotation annotation, String typeName) {
        for (Annotation meta : annotation.annotationType().getAnnotations()) {
            if (meta.annotationType().getName().equals(typeName)) {
                return meta;
            }
        }
        return null;
    }

    private static String nameOf(Annotation annotation) {
        for (Method m : annotation.annotationType().getMethods()) {
            if (m.getName().equals("name") && m.getParameterCount() == 0) {
                return invoke(annotation, "name");
            }
        }
        return null;
    }

    private static String invoke(Annotation annotation, String method) {
        try {
            Object value = annotation.annotationType().getMethod(method).invoke(annotation);
            return value instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
