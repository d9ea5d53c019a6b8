package dev.ballast.api.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;

/**
 * The AWS JSON 1.1 wire form every JSON service shares (ECS, ACM): request bodies as JSON objects, answers, and
 * {@code {"__type": …, "message": …}} errors with the {@code application/x-amz-json-1.1} content type.
 *
 * <p>Thread-safe (stateless).
 */
public final class AwsJson {
    /** The content type of requests and answers. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private AwsJson() {}

    /** The request body as a JSON object (an empty body is an empty object); otherwise {@code invalid}. */
    public static ObjectNode parse(byte[] body, AwsError invalid) {
        return new JsonFields(invalid, invalid).parse(body);
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return JsonFields.object();
    }

    /** A 200 answer with {@code body}. */
    public static ApiResponse ok(ObjectNode body, String requestId) {
        return new ApiResponse(200, JsonFields.write(body), requestId, CONTENT_TYPE);
    }

    /** The JSON error for {@code error}: its code as {@code __type} and {@code message}. */
    public static ApiResponse error(AwsError error, String message, String requestId) {
        ObjectNode body = object().put("__type", error.code()).put("message", message);
        return new ApiResponse(error.httpStatus(), JsonFields.write(body), requestId, CONTENT_TYPE);
    }
}
