package dev.ballast.api.acm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.json.AwsJson;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
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
    static final String CONTENT_TYPE = AwsJson.CONTENT_TYPE;

    private AcmJson() {}

    static ObjectNode parse(byte[] body) {
        return AwsJson.parse(body, AwsError.ACM_VALIDATION);
    }

    static ObjectNode object() {
        return AwsJson.object();
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
        return AwsJson.ok(body, requestId);
    }

    static ApiResponse error(AwsError error, String message, String requestId) {
        return AwsJson.error(error, message, requestId);
    }
}
