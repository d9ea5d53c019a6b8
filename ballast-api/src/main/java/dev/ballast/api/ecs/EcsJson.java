package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.json.AwsJson;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.ecs.EcsNetworkConfiguration;
import dev.ballast.control.ecs.EcsTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The AWS JSON 1.1 wire form of ECS: reads request fields with their model types (a wrong JSON type is refused,
 * because SDK parsers break on it) and renders answers and {@code {"__type": …, "message": …}} errors.
 *
 * <p>Thread-safe (the mapper is configured once and only used, never reconfigured).
 */
final class EcsJson {
    /** The content type of requests and answers. */
    static final String CONTENT_TYPE = AwsJson.CONTENT_TYPE;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EcsJson() {}

    /** The request body as a JSON object; an empty body is an empty object. */
    static ObjectNode parse(byte[] body) {
        return AwsJson.parse(body, AwsError.ECS_CLIENT_EXCEPTION);
    }

    /** A new empty JSON object. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The string field {@code name}, or null when absent or JSON null. */
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

    /** The integer field {@code name}, or null when absent or JSON null. */
    static Integer integer(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isInt()) {
            throw wrongType(name, v, "an integer");
        }
        return v.intValue();
    }

    /** The boolean field {@code name}, or null when absent or JSON null. */
    static Boolean bool(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType(name, v, "a boolean");
        }
        return v.booleanValue();
    }

    /** The list-of-objects field {@code name}; empty when absent. */
    static List<ObjectNode> objects(ObjectNode request, String name) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode item : array(request, name)) {
            if (!(item instanceof ObjectNode object)) {
                throw wrongType(name + "[]", item, "an object");
            }
            out.add(object);
        }
        return out;
    }

    /** The list-of-strings field {@code name}; empty when absent. */
    static List<String> strings(ObjectNode request, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array(request, name)) {
            if (!item.isTextual()) {
                throw wrongType(name + "[]", item, "a string");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** The {@code tags} field: a list of {@code {key, value}} objects; empty when absent. */
    static List<EcsTag> tags(ObjectNode request) {
        List<EcsTag> out = new ArrayList<>();
        for (ObjectNode tag : objects(request, "tags")) {
            out.add(new EcsTag(string(tag, "key"), string(tag, "value")));
        }
        return out;
    }

    /** The {@code networkConfiguration.awsvpcConfiguration} of {@code request}, or null when absent. */
    static EcsNetworkConfiguration networkConfiguration(ObjectNode request) {
        ObjectNode network = object(request, "networkConfiguration");
        ObjectNode awsvpc = network == null ? null : object(network, "awsvpcConfiguration");
        if (awsvpc == null) {
            return null;
        }
        return new EcsNetworkConfiguration(strings(awsvpc, "subnets"), strings(awsvpc, "securityGroups"),
                string(awsvpc, "assignPublicIp"));
    }

    /** {@code network} as ECS renders {@code networkConfiguration}; nothing when null. */
    static void putNetworkConfiguration(ObjectNode into, EcsNetworkConfiguration network) {
        if (network == null) {
            return;
        }
        ObjectNode awsvpc = into.putObject("networkConfiguration").putObject("awsvpcConfiguration");
        stringArray(awsvpc.putArray("subnets"), network.subnets());
        stringArray(awsvpc.putArray("securityGroups"), network.securityGroups());
        awsvpc.put("assignPublicIp", network.assignPublicIp() == null ? "DISABLED" : network.assignPublicIp());
    }

    /** The object field {@code name}, or null when absent or JSON null. */
    static ObjectNode object(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!(v instanceof ObjectNode o)) {
            throw wrongType(name, v, "an object");
        }
        return o;
    }

    /** True if {@code request} has the list field {@code name} (even empty), which tells "remove all" from "keep". */
    static boolean has(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        return v != null && !v.isNull();
    }

    /** Adds {@code values} to {@code into}. */
    static ArrayNode stringArray(ArrayNode into, List<String> values) {
        values.forEach(into::add);
        return into;
    }

    /** Epoch milliseconds as the epoch seconds with fractions ECS sends. */
    static double seconds(long epochMillis) {
        return epochMillis / 1000.0;
    }

    /** Checks the {@code include} field against the values the operation accepts and returns it. */
    static List<String> include(ObjectNode request, Set<String> accepted) {
        List<String> include = strings(request, "include");
        for (String item : include) {
            if (!accepted.contains(item)) {
                throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "include: " + item + " (expected: one of "
                        + accepted.stream().sorted().toList() + ")");
            }
        }
        return include;
    }

    /** {@code tags} as ECS renders them. */
    static ArrayNode tagArray(List<EcsTag> tags) {
        ArrayNode out = MAPPER.createArrayNode();
        tags.forEach(t -> out.addObject().put("key", t.key()).put("value", t.value()));
        return out;
    }

    /** A 200 answer with {@code body}. */
    static ApiResponse ok(ObjectNode body, String requestId) {
        return AwsJson.ok(body, requestId);
    }

    /** The JSON error for {@code error}: its code as {@code __type} and {@code message}. */
    static ApiResponse error(AwsError error, String message, String requestId) {
        return AwsJson.error(error, message, requestId);
    }

    private static ArrayNode array(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return MAPPER.createArrayNode();
        }
        if (!(v instanceof ArrayNode a)) {
            throw wrongType(name, v, "a list");
        }
        return a;
    }

    private static AwsException wrongType(String name, JsonNode value, String expected) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, name + ": " + value + " (expected: " + expected + ")");
    }
}
