package dev.ballast.control.cloudmap;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;

/**
 * The Cloud Map errors several commands raise, with one text each.
 *
 * <p>Thread-safe (stateless).
 */
final class CloudMapErrors {
    private CloudMapErrors() {}

    static AwsException namespaceNotFound(String id) {
        return new AwsException(AwsError.CLOUD_MAP_NAMESPACE_NOT_FOUND, "Namespace not found: " + id);
    }

    static AwsException serviceNotFound(String id) {
        return new AwsException(AwsError.CLOUD_MAP_SERVICE_NOT_FOUND, "Service not found: " + id);
    }

    static AwsException instanceNotFound(String serviceId, String instanceId) {
        return new AwsException(AwsError.CLOUD_MAP_INSTANCE_NOT_FOUND, "Instance not found: " + instanceId
                + " in service " + serviceId);
    }

    /** InvalidInput in the {@code field: value (expected: ...)} form. */
    static AwsException invalid(String field, Object value, String expected) {
        return new AwsException(AwsError.INVALID_INPUT, field + ": " + value + " (expected: " + expected + ")");
    }

    /** {@code value} checked to be present and at most {@code max} characters long. */
    static String required(String field, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw invalid(field, value == null ? "(none)" : value, "1-" + max + " characters");
        }
        return value;
    }

    /** {@code value}, when present, checked to be at most {@code max} characters long. */
    static String optional(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw invalid(field, value, "at most " + max + " characters");
        }
        return value;
    }
}
