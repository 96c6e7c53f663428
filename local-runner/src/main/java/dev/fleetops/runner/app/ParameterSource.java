package dev.fleetops.runner.app;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.fleetops.runner.http.LocalHttpRequest;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Where one entry-point parameter's value comes from, decided once from its annotations and type. */
sealed interface ParameterSource {

    Object value(Invocation invocation);

    /**
     * @throws IllegalArgumentException for a parameter the runner cannot bind (another binding, another type)
     */
    static ParameterSource of(Parameter p) {
        if (p.getType() == ExecutionContext.class) {
            return new Context();
        }
        if (p.isAnnotationPresent(HttpTrigger.class)) {
            if (p.getType() != HttpRequestMessage.class) {
                throw new IllegalArgumentException("@HttpTrigger parameter '" + p.getName() + "' must be an HttpRequestMessage");
            }
            return new Request(bodyArgument(p.getParameterizedType()) == String.class);
        }
        if (p.isAnnotationPresent(TimerTrigger.class)) {
            if (p.getType() != String.class) {
                throw new IllegalArgumentException("@TimerTrigger parameter '" + p.getName() + "' must be a String");
            }
            return new Timer();
        }
        BindingName name = p.getAnnotation(BindingName.class);
        if (name != null && p.getType() == String.class) {
            return new Binding(name.value());
        }
        throw new IllegalArgumentException("parameter '" + p.getName() + "' of type " + p.getType().getSimpleName()
                + " has no binding the runner supports (@HttpTrigger, @TimerTrigger, @BindingName String, ExecutionContext)");
    }

    private static Type bodyArgument(Type type) {
        return type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
    }

    record Context() implements ParameterSource {
        public Object value(Invocation i) {
            return i.context();
        }
    }

    /** The request; {@code plainString} for {@code HttpRequestMessage<String>}, else {@code Optional<String>}. */
    record Request(boolean plainString) implements ParameterSource {
        public Object value(Invocation i) {
            LocalHttpRequest<java.util.Optional<String>> r = i.request();
            if (r == null || !plainString) {
                return r;
            }
            return new LocalHttpRequest<>(r.uri(), r.method(), r.headers(), r.query(), r.body().orElse(null));
        }
    }

    record Timer() implements ParameterSource {
        public Object value(Invocation i) {
            return i.timerInfo();
        }
    }

    record Binding(String name) implements ParameterSource {
        public Object value(Invocation i) {
            return i.bindingData().get(name);
        }
    }
}
