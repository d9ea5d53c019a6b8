package dev.ballast.control.cloudformation;

/**
 * One evaluated output of a stack.
 *
 * <p>Thread-safe (immutable).
 *
 * @param key the output's logical name
 * @param value its value
 * @param description its description, or null
 * @param exportName the name it is exported under, or null
 */
public record StackOutput(String key, String value, String description, String exportName) {}
