package dev.ballast.control.ecs;

/**
 * One published port of a container, as DescribeTasks shows it in {@code networkBindings}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param protocol {@code tcp} or {@code udp}
 */
public record EcsNetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {}
