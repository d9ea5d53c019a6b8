package dev.ballast.control.ecs;

/**
 * One environment variable of a container definition.
 *
 * <p>Thread-safe (immutable).
 */
public record EcsEnvironmentVariable(String name, String value) {}
