package dev.ballast.control.ecs.run.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.TaskLaunch;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one container of a task into Docker's create request: name, labels, environment, entry point and command,
 * health check, stop timeout, and the network that the task's network mode asks for.
 *
 * <ul>
 *   <li>{@code awsvpc}: the task's first container joins the engine's default bridge and its address is the
 *       task's {@code privateIpv4Address}; the other containers share its network namespace
 *       ({@code container:<id>}), as containers of one ENI share it on Fargate. No port is published.</li>
 *   <li>{@code bridge}: each container is on the default bridge and every port mapping is published on
 *       {@code 127.0.0.1}, on the asked host port or, for host port 0 or none, on one the engine picks.</li>
 *   <li>{@code host}: the container uses the host's network; its ports are its container ports.</li>
 * </ul>
 *
 * <p>With a resolver address, every container that has a network of its own (bridge, host, the first of an awsvpc
 * task) gets it as its only DNS server ({@code HostConfig.Dns}, which Docker writes into the container's
 * {@code /etc/resolv.conf}); the others of an awsvpc task share the first one's (Docker refuses DNS settings on a
 * {@code container:} network).
 *
 * <p>Thread-safe (stateless).
 */
public final class DockerContainerSpec {
    /** Where published bridge ports listen: only this machine reaches them, as Ballast's proxy does. */
    public static final String PUBLISH_ADDRESS = "127.0.0.1";

    private DockerContainerSpec() {}

    /** The engine-side name of a container: readable in {@code docker ps}, unique per task. */
    public static String containerName(TaskLaunch task, ContainerLaunch container) {
        return "ballast-" + task.family() + "-" + task.revision() + "-" + container.name() + "-" + task.taskId();
    }

    /**
     * The create request for {@code container}.
     *
     * @param networkOwnerId in awsvpc mode the id of the task's first container, whose network the others join;
     *                       null for the first container and in the other modes
     * @param resolver       the DNS server the container uses, or null for Docker's default (the host's)
     */
    public static CreateContainerCmd create(DockerClient docker, TaskLaunch task, ContainerLaunch container,
                                            String networkOwnerId, InetAddress resolver) {
        CreateContainerCmd create = docker.createContainerCmd(container.image())
                .withName(containerName(task, container))
                .withLabels(EcsDockerLabels.of(task, container))
                .withEnv(environment(container))
                .withStopTimeout(stopSeconds(container.stopTimeout()))
                .withHostConfig(hostConfig(task, container, networkOwnerId, resolver));
        if (!container.entryPoint().isEmpty()) {
            create.withEntrypoint(container.entryPoint());
        }
        if (!container.command().isEmpty()) {
            create.withCmd(container.command());
        }
        if (container.healthCheck() != null) {
            create.withHealthcheck(DockerHealthchecks.toDocker(container.healthCheck()));
        }
        if (networkOwnerId == null) {
            create.withExposedPorts(container.ports().stream().map(DockerContainerSpec::exposedPort).toList());
        }
        return create;
    }

    private static HostConfig hostConfig(TaskLaunch task, ContainerLaunch container, String networkOwnerId,
                                         InetAddress resolver) {
        HostConfig host = HostConfig.newHostConfig();
        if (resolver != null && networkOwnerId == null) {
            host.withDns(List.of(resolver.getHostAddress()));
        }
        switch (task.networkMode()) {
            case TaskLaunch.AWSVPC -> {
                if (networkOwnerId != null) {
                    host.withNetworkMode("container:" + networkOwnerId);
                }
            }
            case TaskLaunch.HOST -> host.withNetworkMode("host");
            default -> {
                List<PortBinding> bindings = new ArrayList<>();
                for (ContainerLaunch.PortRequest port : container.ports()) {
                    int hostPort = port.hostPort() == null ? 0 : port.hostPort();
                    Ports.Binding binding = hostPort == 0
                            ? Ports.Binding.bindIp(PUBLISH_ADDRESS)
                            : Ports.Binding.bindIpAndPort(PUBLISH_ADDRESS, hostPort);
                    bindings.add(new PortBinding(binding, exposedPort(port)));
                }
                host.withPortBindings(bindings);
            }
        }
        return host;
    }

    /** The Docker port key ({@code 8080/tcp}) of a port mapping. */
    static ExposedPort exposedPort(ContainerLaunch.PortRequest port) {
        return "udp".equalsIgnoreCase(port.protocol()) ? ExposedPort.udp(port.containerPort())
                : ExposedPort.tcp(port.containerPort());
    }

    private static List<String> environment(ContainerLaunch container) {
        return container.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** Docker's stop timeout is whole seconds; round up so a container is never killed before its timeout. */
    static int stopSeconds(Duration timeout) {
        long millis = timeout.toMillis();
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }
}
