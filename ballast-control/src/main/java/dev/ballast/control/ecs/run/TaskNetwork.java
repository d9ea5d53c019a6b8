package dev.ballast.control.ecs.run;

import java.util.List;

/**
 * The network a started task actually got: for {@code awsvpc}, the task's own address (its "ENI" private IP, which
 * becomes the {@code ip} target with the container port); and every port binding (bridge: the host port a container
 * port was published on, which becomes the target port on the host's address).
 *
 * <p>Thread-safe (immutable).
 *
 * @param privateIpv4Address the task's own address (awsvpc), or null
 */
public record TaskNetwork(String privateIpv4Address, List<PortBinding> bindings) {
    /** Copies the bindings. */
    public TaskNetwork {
        bindings = List.copyOf(bindings);
    }

    /**
     * One published port.
     *
     * @param bindIp   the address the port is reachable on ({@code 127.0.0.1}, a loopback address of the task, a
     *                 container address)
     * @param protocol {@code tcp} or {@code udp}
     */
    public record PortBinding(String containerName, int containerPort, String bindIp, int hostPort, String protocol) {}
}
