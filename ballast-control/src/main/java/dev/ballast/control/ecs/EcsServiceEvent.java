package dev.ballast.control.ecs;

/**
 * One service event, in ECS's words, e.g. {@code "(service web) has reached a steady state."}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id        a UUID
 * @param createdAt epoch milliseconds
 */
public record EcsServiceEvent(String id, long createdAt, String message) {}
