package dev.ballast.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of an AWS JSON 1.1 request with their model types (a wrong JSON type is refused, because SDK
 * parsers break on it) and writes JSON answers; the errors a service raises for a body that is not a JSON object
 * and for a wrong field are given (ECS: ClientException and InvalidParameterException; Cloud Map: InvalidInput).
 *
 * <p>Thread-safe (the mapper is configured once and only used, never reconfigured).
 */
public final class JsonFields {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AwsError bodyError;
    private final AwsError fieldError;

    /** Fields refused with {@code fieldError}, a body that is no JSON object with {@code bodyError}. */
    public JsonFields(AwsError bodyError, AwsError fieldError) {
        this.bodyError = bodyError;
        this.fieldError = fieldError;
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    public ObjectNode parse(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new AwsException(bodyError,
                "request body: not a JSON object (expected: the operation's input as a JSON object)");
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A new empty JSON array. */
    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** The string field {@code name}, or null when absent or JSON null. */
    public String string(ObjectNode request, String name) {
        JsonNode v = present(request, name);
        if (v != null && !v.isTextual()) {
            throw wrongType(name, v, "a string");
        }
        return v == null ? null : v.asText();
    }

    /** The integer field {@code name}, or null when absent or JSON null. */
    public Integer integer(ObjectNode request, String name) {
        JsonNode v = present(request, name);
        if (v != null && !v.isInt()) {
            throw wrongType(name, v, "an integer");
        }
        return v == null ? null : v.intValue();
    }

    /** The long integer field {@code name}, or null when absent or JSON null. */
    public Long number(ObjectNode request, String name) {
        JsonNode v = present(request, name);
        if (v != null && (!v.isIntegralNumber() || !v.canConvertToLong())) {
            throw wrongType(name, v, "an integer");
        }
        return v == null ? null : v.longValue();
    }

    /** The boolean field {@code name}, or null when absent or JSON null. */
    public Boolean bool(ObjectNode request, String name) {
        JsonNode v = present(request, name);
        if (v != null && !v.isBoolean()) {
            throw wrongType(name, v, "a boolean");
        }
        return v == null ? null : v.booleanValue();
    }

    /** The object field {@code name}, or null when absent or JSON null. */
    public ObjectNode object(ObjectNode request, String name) {
        JsonNode v = present(request, name);
        if (v != null && !(v instanceof ObjectNode)) {
            throw wrongType(name, v, "an object");
        }
        return (ObjectNode) v;
    }

    /** The list-of-objects field {@code name}; empty when absent. */
    public List<ObjectNode> objects(ObjectNode request, String name) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode item : list(request, name)) {
            if (!(item instanceof ObjectNode object)) {
                throw wrongType(name + "[]", item, "an object");
            }
            out.add(object);
        }
        return out;
    }

    /** The list-of-strings field {@code name}; empty when absent. */
    public List<String> strings(ObjectNode request, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : list(request, name)) {
            if (!item.isTextual()) {
                throw wrongType(name + "[]", item, "a string");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** True if {@code request} has the field {@code name} (not JSON null), which tells "remove all" from "keep". */
    public static boolean has(ObjectNode request, String name) {
        return present(request, name) != null;
    }

    /** {@code field: value (expected: …)} with this service's field error. */
    public AwsException wrongType(String name, JsonNode value, String expected) {
        return new AwsException(fieldError, name + ": " + value + " (expected: " + expected + ")");
    }

    /** {@code body} as JSON text. */
    public static String write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private ArrayNode list(ObjectNode request, String name) {
        JsonNode v = present(request, name);
        if (v == null) {
            return MAPPER.createArrayNode();
        }
        if (!(v instanceof ArrayNode a)) {
            throw wrongType(name, v, "a list");
        }
        return a;
    }

    private static JsonNode present(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        return v == null || v.isNull() ? null : v;
    }
}
