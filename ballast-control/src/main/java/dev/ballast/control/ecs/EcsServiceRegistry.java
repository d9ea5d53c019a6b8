package dev.ballast.control.ecs;

/**
 * One {@code serviceRegistries} entry of a service: the Cloud Map service its tasks are registered in, and which
 * port the registration carries (for SRV records): {@code port} for an awsvpc task, or a container and its
 * container port.
 *
 * <p>Thread-safe (immutable).
 *
 * @param registryArn the Cloud Map service's ARN
 * @param port the port for an awsvpc task's SRV record, or null
 * @param containerName the container whose port is registered, or null
 * @param containerPort that container's port, or null
 */
public record EcsServiceRegistry(String registryArn, Integer port, String containerName, Integer containerPort) {}
