package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import dev.ballast.core.validation.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The documented attribute keys of one kind of resource, each with its default and its allowed values.
 * Unknown keys and invalid values are rejected with a message that names the key and what was expected.
 *
 * <p>Thread-safe (immutable after construction).
 */
public final class AttributeSpec {
    /** One key: its default and a predicate with a human description of what it accepts. */
    public record Key(String name, String defaultValue, Predicate<String> accepts, String expected) {}

    private final String resource;
    private final Map<String, Key> keys;

    private AttributeSpec(String resource, Map<String, Key> keys) {
        this.resource = resource;
        this.keys = Collections.unmodifiableMap(keys);
    }

    /** Starts a spec for a resource named in messages, e.g. "load balancer". */
    public static Builder builder(String resource) {
        return new Builder(resource);
    }

    /** All documented keys with their defaults, in documentation order. */
    public Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        keys.values().forEach(k -> out.put(k.name(), k.defaultValue()));
        return out;
    }

    /** True if {@code key} is documented for this resource. */
    public boolean knows(String key) {
        return keys.containsKey(key);
    }

    /**
     * Returns {@code current} with {@code changes} applied, after checking every change; nothing is applied
     * unless all are valid.
     *
     * @throws UnknownAttributeException for a key this resource does not have
     * @throws ValidationException for a value outside the key's range
     */
    public Map<String, String> apply(Map<String, String> current, Map<String, String> changes) {
        Map<String, String> out = new LinkedHashMap<>(current);
        for (Map.Entry<String, String> change : changes.entrySet()) {
            Key key = keys.get(change.getKey());
            if (key == null) {
                throw new UnknownAttributeException("Attribute key '" + change.getKey() + "' is not recognized for a "
                        + resource + " (expected one of: " + String.join(", ", keys.keySet()) + ")");
            }
            String value = change.getValue() == null ? "" : change.getValue();
            Check.that(key.accepts().test(value), key.name(), "'" + value + "'", key.expected());
            out.put(key.name(), value);
        }
        return Collections.unmodifiableMap(out);
    }

    /** An attribute key that the resource does not have (AWS answers InvalidConfigurationRequest). */
    public static final class UnknownAttributeException extends ValidationException {
        UnknownAttributeException(String message) {
            super(message);
        }
    }

    /** Collects keys in documentation order. Not thread-safe. */
    public static final class Builder {
        private static final Pattern INT = Pattern.compile("-?\\d{1,9}");
        private final String resource;
        private final Map<String, Key> keys = new LinkedHashMap<>();

        private Builder(String resource) {
            this.resource = resource;
        }

        /** A "true"/"false" key. */
        public Builder bool(String name, boolean defaultValue) {
            return key(name, String.valueOf(defaultValue), v -> v.equals("true") || v.equals("false"), "true or false");
        }

        /** An integer key in {@code [min, max]}. */
        public Builder integer(String name, int defaultValue, int min, int max) {
            return key(name, String.valueOf(defaultValue), v -> inRange(v, min, max), min + "-" + max);
        }

        /** An integer key that is 0 (off) or in {@code [min, max]}. */
        public Builder zeroOr(String name, int min, int max) {
            return key(name, "0", v -> v.equals("0") || inRange(v, min, max), "0 or " + min + "-" + max);
        }

        /** A key that takes one of {@code allowed}. */
        public Builder oneOf(String name, String defaultValue, String... allowed) {
            List<String> list = List.of(allowed);
            return key(name, defaultValue, list::contains, "one of " + String.join(", ", list));
        }

        /** A free-text key of at most {@code maxLength} characters. */
        public Builder text(String name, String defaultValue, int maxLength) {
            return key(name, defaultValue, v -> v.length() <= maxLength, "at most " + maxLength + " characters");
        }

        /** A key with a custom predicate. */
        public Builder key(String name, String defaultValue, Predicate<String> accepts, String expected) {
            keys.put(name, new Key(name, defaultValue, accepts, expected));
            return this;
        }

        /** Adds the keys that {@code group} adds (a set of keys shared by several specs). */
        public Builder apply(UnaryOperator<Builder> group) {
            return group.apply(this);
        }

        /** The finished spec. */
        public AttributeSpec build() {
            return new AttributeSpec(resource, new LinkedHashMap<>(keys));
        }

        private static boolean inRange(String v, int min, int max) {
            if (!INT.matcher(v).matches()) {
                return false;
            }
            int n = Integer.parseInt(v);
            return n >= min && n <= max;
        }
    }
}
