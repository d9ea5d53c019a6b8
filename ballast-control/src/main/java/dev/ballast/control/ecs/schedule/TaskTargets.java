package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsContainer;
import dev.ballast.control.ecs.EcsLoadBalancer;
import dev.ballast.control.ecs.EcsNetworkBinding;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.elbv2.TargetGroupCommands.TargetRef;
import dev.ballast.control.ecs.run.TaskLaunch;

/**
 * Which target a task is in one of its service's target groups. awsvpc: the task's own address and the container
 * port (an {@code ip} target, as on Fargate). bridge and host: the address and host port the container port was
 * published on.
 *
 * <p>Thread-safe (stateless).
 */
final class TaskTargets {
    private TaskTargets() {}

    /** The target of {@code task} for {@code lb}, or null when the task has no address for that container port. */
    static TargetRef of(EcsTask task, EcsTaskDefinition definition, EcsLoadBalancer lb) {
        String mode = definition == null ? null : definition.networkMode();
        if (TaskLaunch.AWSVPC.equals(mode) && task.privateIpv4Address() != null) {
            return new TargetRef(task.privateIpv4Address(), lb.containerPort(), null);
        }
        for (EcsContainer c : task.containers()) {
            if (!c.name().equals(lb.containerName())) {
                continue;
            }
            for (EcsNetworkBinding b : c.networkBindings()) {
                if (b.containerPort() == lb.containerPort()) {
                    // A port published on every address is reached on loopback from this node.
                    String ip = b.bindIP() == null || b.bindIP().equals("0.0.0.0") ? "127.0.0.1" : b.bindIP();
                    return new TargetRef(ip, b.hostPort(), null);
                }
            }
        }
        return null;
    }
}
