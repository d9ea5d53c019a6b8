package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.json.AwsJson;
import dev.ballast.api.json.JsonFields;
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
 * <p>Thread-safe (stateless).
 */
final class EcsJson {
    /** The content type of requests and answers. */
    static final String CONTENT_TYPE = AwsJson.CONTENT_TYPE;

    private static final JsonFields FIELDS = new JsonFields(AwsError.ECS_CLIENT_EXCEPTION,
            AwsError.ECS_INVALID_PARAMETER);

    private EcsJson() {}

    /** The request fields as ECS reads them (wrong types are InvalidParameterException). */
    static JsonFields fields() {
        return FIELDS;
    }

    /** A new empty JSON object. */
    static ObjectNode object() {
        return JsonFields.object();
    }

    /** The string field {@code name}, or null when absent or JSON null. */
    static String string(ObjectNode request, String name) {
        return FIELDS.string(request, name);
    }

    /** The integer field {@code name}, or null when absent or JSON null. */
    static Integer integer(ObjectNode request, String name) {
        return FIELDS.integer(request, name);
    }

    /** The boolean field {@code name}, or null when absent or JSON null. */
    static Boolean bool(ObjectNode request, String name) {
        return FIELDS.bool(request, name);
    }

    /** The list-of-objects field {@code name}; empty when absent. */
    static List<ObjectNode> objects(ObjectNode request, String name) {
        return FIELDS.objects(request, name);
    }

    /** The list-of-strings field {@code name}; empty when absent. */
    static List<String> strings(ObjectNode request, String name) {
        return FIELDS.strings(request, name);
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
        return FIELDS.object(request, name);
    }

    /** True if {@code request} has the list field {@code name} (even empty), which tells "remove all" from "keep". */
    static boolean has(ObjectNode request, String name) {
        return JsonFields.has(request, name);
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
        ArrayNode out = JsonFields.array();
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
}
