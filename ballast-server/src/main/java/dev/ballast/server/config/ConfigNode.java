package dev.ballast.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ballast.core.validation.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A node of the parsed YAML file that knows its own path ({@code loadBalancers[0].listeners[1].port}), so every
 * error names the place in the file: {@code path: value (expected: ...)}.
 *
 * <p>Not thread-safe; used by one loader call.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;

    private ConfigNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The document's root, which must be a mapping. */
    static ConfigNode root(JsonNode node) {
        ConfigNode root = new ConfigNode(node == null ? MissingNode.getInstance() : node, "");
        if (!root.node.isObject()) {
            throw new ConfigFileException("the file: " + root.describe() + " (expected: a mapping with loadBalancers"
                    + " and targetGroups)");
        }
        return root;
    }

    /** Where this node is in the file. */
    String path() {
        return path;
    }

    /** True if this mapping has {@code key}. */
    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    /** The child {@code key} of this mapping (a missing node if absent). */
    ConfigNode get(String key) {
        JsonNode child = node.get(key);
        return new ConfigNode(child == null ? MissingNode.getInstance() : child, childPath(key));
    }

    /** Fails if this mapping has keys other than {@code allowed}. */
    ConfigNode allowOnly(String... allowed) {
        requireMapping();
        Set<String> known = Set.of(allowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw get(name).failure("unknown key", "one of " + String.join(", ", allowed));
            }
        }
        return this;
    }

    /** Fails unless this is a mapping. */
    ConfigNode requireMapping() {
        if (!node.isObject()) {
            throw failure(describe(), "a mapping");
        }
        return this;
    }

    /** True if this is a scalar (text, number or boolean). */
    boolean isScalar() {
        return node.isValueNode();
    }

    /** This scalar as text. */
    String text() {
        if (!node.isValueNode() || node.isNull()) {
            throw failure(describe(), "a value");
        }
        return node.asText();
    }

    /** The required scalar {@code key} as text. */
    String text(String key) {
        return get(key).text();
    }

    /** The scalar {@code key} as text, or {@code fallback} when absent. */
    String text(String key, String fallback) {
        return has(key) ? text(key) : fallback;
    }

    /** This scalar as an integer. */
    int integer() {
        if (node.isInt() || (node.isTextual() && node.asText().matches("-?\\d{1,9}"))) {
            return node.asInt();
        }
        throw failure(describe(), "an integer");
    }

    /** The required integer {@code key}. */
    int integer(String key) {
        return get(key).integer();
    }

    /** The integer {@code key}, or {@code fallback} when absent. */
    int integer(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    /** The boolean {@code key}, or {@code fallback} when absent. */
    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        ConfigNode child = get(key);
        if (child.node.isBoolean()) {
            return child.node.booleanValue();
        }
        throw child.failure(child.describe(), "true or false");
    }

    /** The elements of sequence {@code key}; empty when absent. */
    List<ConfigNode> list(String key) {
        return has(key) ? get(key).elements() : List.of();
    }

    /** The elements of this sequence. */
    List<ConfigNode> elements() {
        if (!node.isArray()) {
            throw failure(describe(), "a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** This node as a list of strings; a single scalar counts as a list of one. */
    List<String> texts() {
        if (node.isValueNode() && !node.isNull()) {
            return List.of(node.asText());
        }
        return elements().stream().map(ConfigNode::text).toList();
    }

    /** The mapping {@code key} of scalar values as strings (attributes); empty when absent. */
    Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!has(key)) {
            return out;
        }
        ConfigNode map = get(key).requireMapping();
        map.node.fieldNames().forEachRemaining(name -> out.put(name, map.get(name).text()));
        return out;
    }

    /** The single key of a mapping such as {@code {forward: name}}, checked against {@code allowed}. */
    String onlyKey(String... allowed) {
        requireMapping();
        allowOnly(allowed);
        if (node.size() != 1) {
            throw failure(node.size() + " keys", "exactly one of " + String.join(", ", allowed));
        }
        return node.fieldNames().next();
    }

    /**
     * Runs a model constructor for this node; a {@link ValidationException} becomes a {@link ConfigFileException}
     * prefixed with this node's path.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ValidationException e) {
            throw new ConfigFileException(label() + ": " + e.getMessage());
        }
    }

    /** An error for this node: {@code path: value (expected: expected)}. */
    ConfigFileException failure(Object value, String expected) {
        return new ConfigFileException(label() + ": " + value + " (expected: " + expected + ")");
    }

    private String label() {
        return path.isEmpty() ? "the file" : path;
    }

    private String describe() {
        if (node.isMissingNode()) {
            return "missing";
        }
        if (node.isNull()) {
            return "empty";
        }
        if (node.isValueNode()) {
            return "'" + node.asText() + "'";
        }
        return node.isArray() ? "a list" : "a mapping";
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
