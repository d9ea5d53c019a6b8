package dev.ballast.api.cloudformation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.cloudformation.template.Values;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of one resource's evaluated properties, with errors that name the property
 * ({@code Port: abc (expected: an integer)}), and the JSON form the ECS requests take.
 *
 * <p>Thread-safe (immutable).
 */
final class ResourceProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> values;

    ResourceProperties(Map<String, Object> values) {
        this.values = values;
    }

    /** The string value of {@code name}, or null. */
    String string(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!Values.isScalar(v)) {
            throw invalid(name, v, "a string");
        }
        return Values.scalar(v);
    }

    /** The string value of {@code name}. */
    String required(String name) {
        String v = string(name);
        if (v == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, name + ": missing (expected: a value)");
        }
        return v;
    }

    /** The integer value of {@code name}, or null. */
    Integer integer(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(name, v, "an integer");
        }
    }

    /** The list of strings of {@code name}, or null. */
    List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        List<Object> list = Values.asList(v);
        if (list == null || !list.stream().allMatch(Values::isScalar)) {
            throw invalid(name, v, "a list of strings");
        }
        return Values.strings(list);
    }

    /** The list of objects of {@code name} (empty when absent). */
    List<Map<String, Object>> objects(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        List<Object> list = Values.asList(v);
        List<Map<String, Object>> out = new ArrayList<>();
        if (list == null) {
            throw invalid(name, v, "a list of objects");
        }
        for (Object item : list) {
            Map<String, Object> map = Values.asMap(item);
            if (map == null) {
                throw invalid(name, v, "a list of objects");
            }
            out.add(map);
        }
        return out;
    }

    /** The {@code Key}/{@code Value} list {@code name} as a map (empty when absent). */
    Map<String, String> keyValues(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> kv : objects(name)) {
            out.put(Values.scalar(kv.get("Key")), kv.get("Value") == null ? "" : Values.scalar(kv.get("Value")));
        }
        return out;
    }

    /**
     * The properties as the JSON request of the matching ECS call: member names with a lower-case first letter
     * ({@code ContainerDefinitions} → {@code containerDefinitions}), except inside the maps named in
     * {@code verbatim} (user keys such as {@code DockerLabels}); scalars typed as the ECS model types them
     * (CloudFormation accepts {@code "2"} and {@code 2} alike).
     */
    ObjectNode camelJson(Set<String> verbatim) {
        return (ObjectNode) JSON.valueToTree(camel(values, verbatim, true));
    }

    private static final Set<String> INTEGERS = Set.of("containerPort", "hostPort", "memory", "memoryReservation",
            "cpu", "interval", "timeout", "retries", "startPeriod", "minimumHealthyPercent", "maximumPercent",
            "desiredCount", "healthCheckGracePeriodSeconds", "port", "weight", "base", "startTimeout", "stopTimeout",
            "softLimit", "hardLimit");
    private static final Set<String> BOOLEANS = Set.of("essential", "enable", "rollback", "readOnly", "privileged",
            "disableNetworking", "readonlyRootFilesystem", "interactive", "pseudoTerminal", "initProcessEnabled",
            "enableECSManagedTags", "enableExecuteCommand", "forceNewDeployment");

    private static Object camel(Object value, Set<String> verbatim, boolean top) {
        Map<String, Object> map = Values.asMap(value);
        if (map == null) {
            List<Object> list = Values.asList(value);
            if (list == null) {
                return value;
            }
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(Values.isScalar(item) ? Values.scalar(item) : camel(item, verbatim, false)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String key = k.isEmpty() ? k : Character.toLowerCase(k.charAt(0)) + k.substring(1);
            out.put(key, verbatim.contains(k) ? v : Values.isScalar(v) ? typed(key, v, top)
                    : camel(v, verbatim, false));
        });
        return out;
    }

    /** A scalar as ECS types member {@code key}; a task definition's own cpu and memory are strings. */
    private static Object typed(String key, Object value, boolean top) {
        String text = Values.scalar(value);
        if (INTEGERS.contains(key) && !top && text.matches("-?\\d{1,9}")) {
            return Integer.parseInt(text);
        }
        if (key.equals("desiredCount") || key.equals("healthCheckGracePeriodSeconds")) {
            return text.matches("-?\\d{1,9}") ? Integer.parseInt(text) : text;
        }
        if (BOOLEANS.contains(key) && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }

    /**
     * The properties as the JSON request of the matching Cloud Map call (the same member names), with the members
     * named in {@code numbers} as JSON numbers.
     */
    ObjectNode json(Set<String> numbers) {
        return (ObjectNode) JSON.valueToTree(numbered(values, numbers));
    }

    private static Object numbered(Object value, Set<String> numbers) {
        Map<String, Object> map = Values.asMap(value);
        List<Object> list = Values.asList(value);
        if (map != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, numbers.contains(k) && Values.isScalar(v)
                    && Values.scalar(v).matches("-?\\d{1,18}") ? Long.parseLong(Values.scalar(v))
                    : numbered(v, numbers)));
            return out;
        }
        if (list != null) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(numbered(item, numbers)));
            return out;
        }
        return value;
    }

    private static AwsException invalid(String name, Object value, String expected) {
        return new AwsException(AwsError.VALIDATION_ERROR, name + ": " + value + " (expected: " + expected + ")");
    }
}
