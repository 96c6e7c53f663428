package dev.fleetops.runner.app;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the worker turns what the host sent into a parameter value ({@code binding/DataSource.computeByType} and the
 * {@code Rpc*DataSource} operations): {@code Optional<T>} is unwrapped and rewrapped; a string converts to String as
 * is, to numbers with {@code parseXxx}, to anything else through the worker's Gson
 * ({@code DataOperations.convertFromJson}, with the raw class: generics are lost); bytes convert to {@code byte[]}
 * as is and to String with the platform charset; nothing converts to {@code Optional.empty()} or null.
 */
final class WorkerConversions {
    private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.ofEntries(
            Map.entry(long.class, Long::parseLong), Map.entry(Long.class, Long::parseLong),
            Map.entry(int.class, Integer::parseInt), Map.entry(Integer.class, Integer::parseInt),
            Map.entry(short.class, Short::parseShort), Map.entry(Short.class, Short::parseShort),
            Map.entry(byte.class, Byte::parseByte), Map.entry(Byte.class, Byte::parseByte),
            Map.entry(double.class, Double::parseDouble), Map.entry(Double.class, Double::parseDouble),
            Map.entry(float.class, Float::parseFloat), Map.entry(Float.class, Float::parseFloat));

    private WorkerConversions() {}

    /** A value as the host sent it: text (a string or JSON), bytes, or nothing. */
    sealed interface Source permits Text, Bytes, Empty {}

    record Text(String text) implements Source {}

    record Bytes(byte[] bytes) implements Source {}

    record Empty() implements Source {}

    static Object convert(Source source, Type target, WorkerPlatform platform) {
        boolean optional = raw(target) == Optional.class;
        Type inner = optional ? typeArgument(target) : target;
        Object value = null;
        if (source instanceof Text t) {
            value = fromText(t.text(), inner, platform);
        } else if (source instanceof Bytes b) {
            value = fromBytes(b.bytes(), inner, platform);
        }
        return optional ? Optional.ofNullable(value) : value;
    }

    private static Object fromText(String text, Type target, WorkerPlatform platform) {
        Class<?> raw = raw(target);
        if (raw == String.class) {
            return text;
        }
        Function<String, Object> parser = PARSERS.get(raw);
        return parser != null ? parser.apply(text) : platform.fromJson(text, raw);
    }

    private static Object fromBytes(byte[] bytes, Type target, WorkerPlatform platform) {
        Class<?> raw = raw(target);
        if (raw == byte[].class) {
            return bytes.clone();
        }
        if (raw == String.class) {
            // RpcByteArrayDataSource: new String(bytes), the worker JVM's default charset (UTF-8 on Java 18+).
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return platform.fromJson(new String(bytes, StandardCharsets.UTF_8), raw);
    }

    /** The first type argument, or Object for a raw type (as {@code TypeUtils.getTypeArguments} leaves it). */
    static Type typeArgument(Type type) {
        return type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }
}
