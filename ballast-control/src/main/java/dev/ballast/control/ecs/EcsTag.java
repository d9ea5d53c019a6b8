package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;

/**
 * One ECS resource tag: a key of 1-128 characters and a value of 0-256, as ECS's API reference limits them.
 *
 * <p>Thread-safe (immutable).
 */
public record EcsTag(String key, String value) {
    /** Validates the lengths; a missing value is the empty string. */
    public EcsTag {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "tags.key: " + key + " (expected: 1-128 characters)");
        }
        value = value == null ? "" : value;
        if (value.length() > 256) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "tags.value: " + value.length()
                    + " characters (expected: 0-256 characters)");
        }
    }
}
