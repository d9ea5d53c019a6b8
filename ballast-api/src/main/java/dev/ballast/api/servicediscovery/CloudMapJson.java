package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.json.AwsJson;
import dev.ballast.api.json.JsonFields;
import dev.ballast.api.paging.OffsetToken;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The AWS JSON 1.1 wire form of Cloud Map: request fields read with their model types (a wrong JSON type is
 * InvalidInput), required fields, string maps and tags, pages of lists, and {@code {"__type": …, "Message": …}}
 * errors (Cloud Map's errors carry {@code Message} with a capital M).
 *
 * <p>Thread-safe (stateless).
 */
final class CloudMapJson {
    /** The content type of requests and answers. */
    static final String CONTENT_TYPE = AwsJson.CONTENT_TYPE;
    /** The request fields as Cloud Map reads them. */
    static final JsonFields FIELDS = new JsonFields(AwsError.INVALID_INPUT, AwsError.INVALID_INPUT);

    private CloudMapJson() {}

    static ObjectNode object() {
        return JsonFields.object();
    }

    /** The string field {@code name}, or null when absent. */
    static String string(ObjectNode request, String name) {
        return FIELDS.string(request, name);
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
        return FIELDS.number(request, name);
    }

    /** The object field {@code name}, or null when absent. */
    static ObjectNode objectField(ObjectNode request, String name) {
        return FIELDS.object(request, name);
    }

    /** The list-of-objects field {@code name}; empty when absent. */
    static List<ObjectNode> objects(ObjectNode request, String name) {
        return FIELDS.objects(request, name);
    }

    /** The list-of-strings field {@code name}; null when absent. */
    static List<String> strings(ObjectNode request, String name) {
        return JsonFields.has(request, name) ? FIELDS.strings(request, name) : null;
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
                throw FIELDS.wrongType(name + "." + e.getKey(), e.getValue(), "a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** The {@code Tags} list ({@code [{Key, Value}]}) as a map; empty when absent. */
    static Map<String, String> tags(ObjectNode request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ObjectNode tag : objects(request, "Tags")) {
            out.put(required(tag, "Key"), required(tag, "Value"));
        }
        return out;
    }

    /** {@code tags} as a {@code [{Key, Value}]} list. */
    static ArrayNode tagArray(Map<String, String> tags) {
        ArrayNode out = JsonFields.array();
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
    static <T> ObjectNode page(ObjectNode request, String field, List<T> all, int max, Function<T, JsonNode> render) {
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

    /** The JSON error for {@code error}: its code as {@code __type} and {@code Message}. */
    static ApiResponse error(AwsError error, String message, String requestId) {
        ObjectNode body = object().put("__type", error.code()).put("Message", message);
        return new ApiResponse(error.httpStatus(), JsonFields.write(body), requestId, CONTENT_TYPE);
    }
}
