package dev.ballast.control.labels;

/**
 * A label that cannot be used, with what was expected ({@code front port: 70000 (expected: 1-65535)}).
 *
 * <p>Thread-safe (immutable).
 */
public record LabelError(String key, String value, String problem) {}
