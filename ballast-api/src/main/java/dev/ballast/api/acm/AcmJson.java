package dev.ballast.api.acm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS JSON 1.1 wire form of ACM: reads request fields with their model types (blobs are base64, as the SDKs and
 * the CLI's {@code fileb://} send them) and renders answers and {@code {"__type": …, "message": …}} errors.
 *
 * <p>Thread-safe (the mapper is configured once and only used).
 */
final class AcmJson {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AcmJson() {}

    static ObjectNode parse(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            if (MAPPER.readTree(body) instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new AwsException(AwsError.ACM_VALIDATION,
                "request body: not a JSON object (expected: the operation's input as a JSON object)");
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The string field {@code name}, or null. */
    static String string(ObjectNode request, String name) {
        JsonNode v = request.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new AwsException(AwsError.ACM_VALIDATION, name + ": " + v.getNodeType().name().toLowerCase()
                    + " (expected: a string)");
        }
        return v.asText();
    }

    /** The required string field {@code name}. */
    static String required(ObjectNode request, String name) {
        String v = string(request, name);
        if (v == null || v.isEmpty()) {
            throw new AwsException(AwsError.ACM_VALIDATION, name + ": missing (expected: a value)");
        }
        return v;
    }

    /** The blob field {@code name} (base64 on the wire) as text, or null. */
    static String blobText(ObjectNode request, String name) {
        String v = string(request, name);
        if (v == null) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsException(AwsError.ACM_VALIDATION, name + ": not base64 (expected: the PEM file's bytes"
                    + " in base64, e.g. fileb:// with the AWS CLI)");
        }
    }

    /** The {@code Tags} list as key → value (value null when absent). */
    static Map<String, String> tags(ObjectNode request) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = request.get("Tags");
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new AwsException(AwsError.ACM_VALIDATION, "Tags: not a list (expected: a list of {Key, Value})");
        }
        for (JsonNode tag : v) {
            if (!(tag instanceof ObjectNode t)) {
                throw new AwsException(AwsError.ACM_VALIDATION, "Tags: an element is not an object (expected: {Key,"
                        + " Value})");
            }
            out.put(required(t, "Key"), string(t, "Value"));
        }
        return out;
    }

    static ApiResponse ok(ObjectNode body, String requestId) {
        return new ApiResponse(200, write(body), requestId, CONTENT_TYPE);
    }

    static ApiResponse error(AwsError error, String message, String requestId) {
        ObjectNode body = object().put("__type", error.code()).put("message", message);
        return new ApiResponse(error.httpStatus(), write(body), requestId, CONTENT_TYPE);
    }

    private static String write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
