package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.paging.OffsetToken;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS JSON 1.1 wire form of Cloud Map: reads request fields with their model types (a wrong JSON type is
 * InvalidInput), pages lists, and renders answers and {@code {"__type": …, "Message": …}} errors (Cloud Map's
 * errors carry {@code Message} with a capital M).
 *
 * <p>Thread-safe (the mapper is configured once and only used).
 */
final class CloudMapJson {
    /** The content type of requests and answers. */
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CloudMapJson() {}

    /** The request body as a JSON object; an empty body is an empty object. */
    static ObjectNode parse(byte[] body) {
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
        throw new AwsException(AwsError.INVALID_INPUT,
                "request body: not a JSON object (expected: the operation's input as a JSON object)");
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The string field {@code name}, or null when absent. */
    static String string(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(name, v, "a string");
        }
        return v.asText();
    }

    /** The string field {@code name}, which the operation requires. */
    static String required(ObjectNode request, String name) {
        String value = string(request, name);
        if (value == null) {
            throw new AwsException(AwsError.INVALID_INPUT, name + ": (none) (expected: a value; it is required)");
        }
        return value;
    }

    /** The integer field {@code name}, or null when absent. */
    static Long number(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(name, v, "an integer");
        }
        return v.longValue();
    }

    /** The object field {@code name}, or null when absent. */
    static ObjectNode objectField(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!(v instanceof ObjectNode o)) {
            throw wrongType(name, v, "an object");
        }
        return o;
    }

    /** The list-of-objects field {@code name}; null when absent. */
    static List<ObjectNode> objects(ObjectNode request, String name) {
        ArrayNode array = array(request, name);
        if (array == null) {
            return null;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!(item instanceof ObjectNode object)) {
                throw wrongType(name + "[]", item, "an object");
            }
            out.add(object);
        }
        return out;
    }

    /** The list-of-strings field {@code name}; null when absent. */
    static List<String> strings(ObjectNode request, String name) {
        ArrayNode array = array(request, name);
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                throw wrongType(name + "[]", item, "a string");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** The string-to-string map field {@code name}; null when absent. */
    static Map<String, String> map(ObjectNode request, String name) {
        ObjectNode object = objectField(request, name);
        if (object == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().isTextual()) {
                throw wrongType(name + "." + e.getKey(), e.getValue(), "a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** The {@code Tags} list ({@code [{Key, Value}]}) as a map; empty when absent. */
    static Map<String, String> tags(ObjectNode request) {
        Map<String, String> out = new LinkedHashMap<>();
        List<ObjectNode> tags = objects(request, "Tags");
        if (tags != null) {
            for (ObjectNode tag : tags) {
                out.put(required(tag, "Key"), required(tag, "Value"));
            }
        }
        return out;
    }

    /** {@code tags} as a {@code [{Key, Value}]} list. */
    static ArrayNode tagArray(Map<String, String> tags) {
        ArrayNode out = MAPPER.createArrayNode();
        tags.forEach((k, v) -> out.addObject().put("Key", k).put("Value", v));
        return out;
    }

    /** {@code values} as a JSON object of strings. */
    static ObjectNode stringMap(Map<String, String> values) {
        ObjectNode out = object();
        values.forEach(out::put);
        return out;
    }

    /** Epoch milliseconds as epoch seconds with fractions, as Cloud Map sends timestamps. */
    static double seconds(long epochMillis) {
        return epochMillis / 1000.0;
    }

    /**
     * One page of {@code all}: {@code MaxResults} (1-{@code max}, {@code max} when absent) from the offset in
     * {@code NextToken}; the items are rendered into {@code field} and a NextToken is added when more remain.
     */
    static <T> ObjectNode page(ObjectNode request, String field, List<T> all, int max,
                               java.util.function.Function<T, JsonNode> render) {
        Long asked = number(request, "MaxResults");
        long size = asked == null ? max : asked;
        if (size < 1 || size > max) {
            throw new AwsException(AwsError.INVALID_INPUT, "MaxResults: " + size + " (expected: 1-" + max + ")");
        }
        String token = string(request, "NextToken");
        int from = token == null || token.isEmpty() ? 0 : OffsetToken.decode(token, all.size());
        if (from < 0) {
            throw new AwsException(AwsError.INVALID_INPUT, "NextToken: " + token
                    + " (expected: a NextToken from the previous page)");
        }
        int to = (int) Math.min(all.size(), from + size);
        ObjectNode out = object();
        ArrayNode items = out.putArray(field);
        all.subList(from, to).forEach(t -> items.add(render.apply(t)));
        if (to < all.size()) {
            out.put("NextToken", OffsetToken.encode(to));
        }
        return out;
    }

    /** A 200 answer with {@code body}. */
    static ApiResponse ok(ObjectNode body, String requestId) {
        return new ApiResponse(200, write(body), requestId, CONTENT_TYPE);
    }

    /** The JSON error for {@code error}: its code as {@code __type} and {@code Message}. */
    static ApiResponse error(AwsError error, String message, String requestId) {
        ObjectNode body = object().put("__type", error.code()).put("Message", message);
        return new ApiResponse(error.httpStatus(), write(body), requestId, CONTENT_TYPE);
    }

    private static ArrayNode array(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!(v instanceof ArrayNode a)) {
            throw wrongType(name, v, "a list");
        }
        return a;
    }

    private static AwsException wrongType(String name, JsonNode value, String expected) {
        return new AwsException(AwsError.INVALID_INPUT, name + ": " + value + " (expected: " + expected + ")");
    }

    private static String write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
