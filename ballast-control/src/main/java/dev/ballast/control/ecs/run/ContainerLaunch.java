package dev.ballast.control.ecs.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One container of a task to start, as its container definition and the task's overrides describe it.
 *
 * <p>Thread-safe (immutable).
 *
 * @param entryPoint  the container definition's entryPoint (empty: the image's)
 * @param command     the command, after overrides (empty: the image's)
 * @param environment the environment, after overrides, in definition order
 * @param ports       the port mappings to serve
 * @param healthCheck the container health check, or null
 * @param stopTimeout how long after the stop signal the container is killed
 * @param labels      the container definition's dockerLabels
 */
public record ContainerLaunch(String name, String image, List<String> entryPoint, List<String> command,
                              Map<String, String> environment, List<PortRequest> ports, boolean essential,
                              ContainerHealthCheck healthCheck, Duration stopTimeout, Map<String, String> labels) {
    /** Copies the collections. */
    public ContainerLaunch {
        entryPoint = List.copyOf(entryPoint);
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        ports = List.copyOf(ports);
        labels = Map.copyOf(labels);
    }

    /**
     * One port mapping: the container port and the host port asked for (null or 0: a dynamic host port in bridge
     * mode; in awsvpc and host mode it equals the container port).
     *
     * @param protocol {@code tcp} or {@code udp}
     */
    public record PortRequest(int containerPort, Integer hostPort, String protocol) {}
}
