package dev.ballast.core.validation;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Small guards used by the model's compact constructors; every failure message has the shape
 * {@code field: value (expected: constraint)}.
 *
 * <p>Thread-safe (stateless).
 */
public final class Check {
    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?");

    private Check() {}

    /** Fails with {@code field: value (expected: expected)} unless {@code ok}. */
    public static void that(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new ValidationException(field + ": " + value + " (expected: " + expected + ")");
        }
    }

    /** Returns {@code value} when it lies in {@code [min, max]}. */
    public static int range(String field, int value, int min, int max) {
        that(value >= min && value <= max, field, value, min + "-" + max);
        return value;
    }

    /** Returns a TCP/UDP port in 1-65535. */
    public static int port(String field, int value) {
        return range(field, value, 1, 65535);
    }

    /** Returns {@code value} when it is not null. */
    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new ValidationException(field + ": missing (expected: a value)");
        }
        return value;
    }

    /** Returns {@code value} when it is neither null nor blank. */
    public static String text(String field, String value) {
        that(value != null && !value.isBlank(), field, value == null ? "missing" : "'" + value + "'", "a non-empty value");
        return value;
    }

    /**
     * Returns {@code value} (null passes) when it has no control characters and nothing XML 1.0 cannot carry:
     * paths, host names, header and query values, which end up both in HTTP messages and in API answers.
     */
    public static String printable(String field, String value) {
        that(value == null || TextChars.printable(value), field, value == null ? null : TextChars.quoted(value),
                "no control characters");
        return value;
    }

    /** Returns {@code value} (null passes) when every character can be carried by an XML 1.0 document. */
    public static String xmlText(String field, String value) {
        that(value == null || TextChars.xmlText(value), field, value == null ? null : TextChars.quoted(value),
                "only characters allowed in XML 1.0; tab, newline and carriage return are the only control "
                        + "characters");
        return value;
    }

    /** An immutable copy of {@code values} (null → empty) with at most {@code max} elements. */
    public static <T> List<T> list(String field, Collection<T> values, int min, int max) {
        List<T> copy = values == null ? List.of() : List.copyOf(values);
        that(copy.size() >= min && copy.size() <= max, field, copy.size() + " values", min + "-" + max + " values");
        return copy;
    }

    /**
     * An AWS resource name (load balancer, target group): 1-32 letters, digits and hyphens, not
     * beginning or ending with a hyphen.
     */
    public static String resourceName(String field, String name) {
        Objects.requireNonNull(field);
        that(name != null && RESOURCE_NAME.matcher(name).matches(), field, name,
                "1-32 alphanumeric characters or hyphens, not beginning or ending with a hyphen");
        return name;
    }
}
