package dev.ballast.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.io.IOException;

/**
 * The AWS JSON 1.1 wire form every JSON service shares (ECS, ACM): request bodies as JSON objects, answers, and
 * {@code {"__type": …, "message": …}} errors with the {@code application/x-amz-json-1.1} content type.
 *
 * <p>Thread-safe (the mapper is configured once and only used).
 */
public final class AwsJson {
    /** The content type of requests and answers. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AwsJson() {}

    /** The request body as a JSON object (an empty body is an empty object); otherwise {@code invalid}. */
    public static ObjectNode parse(byte[] body, AwsError invalid) {
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
        throw new AwsException(invalid,
                "request body: not a JSON object (expected: the operation's input as a JSON object)");
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A 200 answer with {@code body}. */
    public static ApiResponse ok(ObjectNode body, String requestId) {
        return new ApiResponse(200, write(body), requestId, CONTENT_TYPE);
    }

    /** The JSON error for {@code error}: its code as {@code __type} and {@code message}. */
    public static ApiResponse error(AwsError error, String message, String requestId) {
        ObjectNode body = object().put("__type", error.code()).put("message", message);
        return new ApiResponse(error.httpStatus(), write(body), requestId, CONTENT_TYPE);
    }

    private static String write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
