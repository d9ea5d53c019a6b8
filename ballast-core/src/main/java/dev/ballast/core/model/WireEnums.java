package dev.ballast.core.model;

import dev.ballast.core.validation.ValidationException;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses enums by their AWS wire string. Thread-safe (stateless). */
final class WireEnums {
    private WireEnums() {}

    static <E extends Enum<E>> E parse(String field, String value, E[] values, Function<E, String> wire) {
        for (E e : values) {
            if (wire.apply(e).equals(value)) {
                return e;
            }
        }
        throw new ValidationException(field + ": " + value + " (expected: one of "
                + Arrays.stream(values).map(wire).collect(Collectors.joining(", ")) + ")");
    }
}
