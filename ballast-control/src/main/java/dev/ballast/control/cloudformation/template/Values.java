package dev.ballast.control.cloudformation.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the plain values a template is made of (maps, lists, strings, numbers, booleans): copies, the string
 * form CloudFormation gives a scalar, and the one-key map that is a function call.
 *
 * <p>Thread-safe (stateless).
 */
public final class Values {
    private Values() {}

    /** An unmodifiable copy of {@code map} keeping its order (null values kept, as a template may hold them). */
    public static Map<String, Object> copyMap(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The string CloudFormation makes of a scalar: numbers without a fraction lose it, booleans are true/false. */
    public static String scalar(Object value) {
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            BigDecimal decimal = new BigDecimal(value.toString()).stripTrailingZeros();
            return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
        }
        return String.valueOf(value);
    }

    /** Whether {@code value} is a scalar (string, number, boolean). */
    public static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    /** The name of the function {@code value} calls ({@code Ref}, {@code Fn::Join}, {@code Condition}), or null. */
    public static String functionName(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                return key;
            }
        }
        return null;
    }

    /** The argument of the function call {@code value} (see {@link #functionName}). */
    public static Object argument(Object value) {
        return ((Map<?, ?>) value).values().iterator().next();
    }

    /** {@code value} as a map, or null when it is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** {@code value} as a list, or null when it is not one. */
    @SuppressWarnings("unchecked")
    public static List<Object> asList(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : null;
    }

    /** {@code values} as strings (each a scalar's string form). */
    public static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(scalar(v)));
        return out;
    }
}
