package dev.fleetops.contract;

import com.google.gson.annotations.SerializedName;
import java.util.Optional;

/** Maps contract enums to and from their {@link SerializedName wire names}. */
public final class Wire {
    private Wire() {}

    public static String nameOf(Enum<?> constant) {
        try {
            SerializedName name =
                    constant.getDeclaringClass().getField(constant.name()).getAnnotation(SerializedName.class);
            return name == null ? constant.name() : name.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (nameOf(constant).equals(wireName)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
