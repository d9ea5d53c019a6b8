package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerLaunch.PortRequest;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskNetwork.PortBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides where each port mapping of a task is bound: {@code awsvpc} on the task's own address at the container
 * port, {@code bridge} on 127.0.0.1 at the host port asked for or a dynamic one, {@code host} on 127.0.0.1 at the
 * container port. A container port this user may not bind (below the kernel's unprivileged start, not root) falls
 * back to a dynamic port on the same address, which the binding reports.
 *
 * <p>Thread-safe (immutable).
 */
final class PortPlanner {
    /** Where bridge and host tasks bind. */
    static final String HOST_ADDRESS = "127.0.0.1";

    private final PortPrivilege privilege;

    PortPlanner(PortPrivilege privilege) {
        this.privilege = privilege;
    }

    /** The address the task's containers bind: its own ({@code awsvpc}) or the host's. */
    static String bindIp(String networkMode, String taskAddress) {
        return TaskLaunch.AWSVPC.equals(networkMode) ? taskAddress : HOST_ADDRESS;
    }

    /** Every port mapping of {@code launch}'s containers bound on {@code bindIp}, in definition order. */
    List<PortBinding> plan(TaskLaunch launch, String bindIp) {
        List<PortBinding> bindings = new ArrayList<>();
        for (ContainerLaunch container : launch.containers()) {
            for (PortRequest port : container.ports()) {
                String protocol = port.protocol() == null ? "tcp" : port.protocol();
                int hostPort = hostPort(launch.networkMode(), port, bindIp, protocol);
                bindings.add(new PortBinding(container.name(), port.containerPort(), bindIp, hostPort, protocol));
            }
        }
        return bindings;
    }

    /** The first binding that cannot be bound now, or empty when all are free. */
    static Optional<PortBinding> firstTaken(List<PortBinding> bindings) {
        return bindings.stream().filter(b -> !HostPorts.isFree(b.bindIp(), b.hostPort(), b.protocol())).findFirst();
    }

    private int hostPort(String networkMode, PortRequest port, String bindIp, String protocol) {
        if (TaskLaunch.BRIDGE.equals(networkMode)) {
            boolean fixed = port.hostPort() != null && port.hostPort() > 0;
            return fixed ? port.hostPort() : HostPorts.dynamic(bindIp, protocol);
        }
        return privilege.mayBind(port.containerPort()) ? port.containerPort() : HostPorts.dynamic(bindIp, protocol);
    }
}
