package dev.ballast.control.ecs;

/**
 * One port mapping of a container definition: the container port, the host port (null: chosen when the task starts)
 * and the protocol ({@code tcp} or {@code udp}).
 *
 * <p>Thread-safe (immutable).
 */
public record EcsPortMapping(int containerPort, Integer hostPort, String protocol) {}
