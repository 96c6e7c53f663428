package dev.fleetops.runner.app;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.OutputBinding;
import dev.fleetops.runner.metadata.FunctionMetadata;
import dev.fleetops.standins.http.WorkerHttpRequest;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where one entry-point parameter's value comes from, decided once, as the worker's
 * {@code broker/ParameterResolver} decides it on every call:
 * <ol>
 *   <li>an annotation of the annotation package with a non-empty {@code name()}: the function.json binding of that
 *       name (here the trigger: the HTTP request, or the timer's JSON);</li>
 *   <li>else {@code @BindingName("x")}: trigger metadata {@code x}, looked up by exact name when invoked;</li>
 *   <li>else by type: the {@code ExecutionContext}.</li>
 * </ol>
 * Output bindings and other bindings are outside the runner's scope: such a function is not served.
 */
sealed interface ParameterSource {

    Object value(Invocation invocation);

    /**
     * @throws IllegalArgumentException for a parameter the runner cannot bind, saying why
     */
    static ParameterSource of(Parameter p, FunctionMetadata function, WorkerPlatform platform) {
        Type type = p.getParameterizedType();
        if (OutputBinding.class.isAssignableFrom(p.getType())) {
            throw new IllegalArgumentException("parameter '" + p.getName()
                    + "' is an OutputBinding; output bindings are outside the runner's scope");
        }
        String name = WorkerAnnotations.bindingName(p);
        String bindingName = WorkerAnnotations.bindingNameValue(p);
        if (name != null && !name.isEmpty()) {
            if (!name.equals(function.triggerName())) {
                throw new IllegalArgumentException(
                        "parameter '" + p.getName() + "' binds to '" + name + "', which is not the trigger's"
                                + " binding in function.json ('" + function.triggerName()
                                + "'); the worker would fail every invocation"
                                + " (\"Cannot find matched parameter name of customer function\")");
            }
            if (function instanceof FunctionMetadata.Http) {
                if (p.getType() != HttpRequestMessage.class) {
                    throw new IllegalArgumentException(
                            "@HttpTrigger parameter '" + p.getName() + "' must be an HttpRequestMessage");
                }
                return new Request(WorkerConversions.typeArgument(type), platform);
            }
            if (function instanceof FunctionMetadata.Queue) {
                return new QueueMessage(type, platform);
            }
            return new Timer(type, platform);
        }
        if (name == null && bindingName != null && !bindingName.isEmpty()) {
            return new Metadata(bindingName, type, platform);
        }
        if (p.getType().isAssignableFrom(LocalExecutionContext.class)) {
            return new Context();
        }
        throw new IllegalArgumentException(
                "parameter '" + p.getName() + "' of type " + p.getType().getSimpleName()
                        + " has no binding the runner supports (the trigger, @BindingName, ExecutionContext)");
    }

    record Context() implements ParameterSource {
        public Object value(Invocation i) {
            return i.context();
        }
    }

    /** The request, its body converted to {@code bodyType} (the {@code T} of {@code HttpRequestMessage<T>}). */
    record Request(Type bodyType, WorkerPlatform platform) implements ParameterSource {
        public Object value(Invocation i) {
            HttpInput in = i.http();
            if (in == null) {
                return null;
            }
            WorkerConversions.Source body = in.body() == null
                    ? new WorkerConversions.Empty()
                    : in.binary()
                            ? new WorkerConversions.Bytes(in.body())
                            : new WorkerConversions.Text(new String(in.body(), StandardCharsets.UTF_8));
            return new WorkerHttpRequest<>(
                    in.uri(),
                    method(in.method()),
                    in.headers(),
                    in.query(),
                    WorkerConversions.convert(body, bodyType, platform));
        }

        /** {@code HttpMethod.value(method)} as in {@code RpcHttpRequestDataSource}; null for a method it does not know. */
        private static HttpMethod method(String name) {
            try {
                return HttpMethod.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }
    }

    /** The timer's JSON as the host sent it, converted to the parameter's type (a String gets the text). */
    record Timer(Type type, WorkerPlatform platform) implements ParameterSource {
        public Object value(Invocation i) {
            return WorkerConversions.convert(new WorkerConversions.Text(i.timerInfo()), type, platform);
        }
    }

    /**
     * The queue message converted to the parameter's type as the worker converts what the host sends: text (a String
     * as is, a POJO through the worker's Gson) or, with {@code dataType: binary}, bytes ({@code byte[]} as is).
     */
    record QueueMessage(Type type, WorkerPlatform platform) implements ParameterSource {
        public Object value(Invocation i) {
            Invocation.QueueInput m = i.queueMessage();
            WorkerConversions.Source source = m.binary()
                    ? new WorkerConversions.Bytes(m.body())
                    : new WorkerConversions.Text(new String(m.body(), StandardCharsets.UTF_8));
            return WorkerConversions.convert(source, type, platform);
        }
    }

    /** {@code BindingDataStore.getTriggerMetatDataByName}: a missing name fails the invocation, as in the worker. */
    record Metadata(String name, Type type, WorkerPlatform platform) implements ParameterSource {
        public Object value(Invocation i) {
            String value = i.triggerMetadata().get(name);
            if (value == null) {
                throw new IllegalStateException(
                        "Cannot find matched @BindingName of customer function, please check if customer"
                                + " function is defined correctly (no trigger metadata '" + name + "')");
            }
            return WorkerConversions.convert(new WorkerConversions.Text(value), type, platform);
        }
    }
}
