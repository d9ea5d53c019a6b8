package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsContainer;
import dev.ballast.control.ecs.EcsLoadBalancer;
import dev.ballast.control.ecs.EcsNetworkBinding;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.elbv2.TargetGroupCommands.TargetRef;
import dev.ballast.control.ecs.run.TaskLaunch;
import java.util.ArrayList;
import java.util.List;

/**
 * Which target a task is in one of its service's target groups. awsvpc: the task's own address and the container
 * port (an {@code ip} target, as on Fargate). bridge and host: the address and host port the container port was
 * published on.
 *
 * <p>Thread-safe (stateless).
 */
final class TaskTargets {
    private TaskTargets() {}

    /**
     * Every target {@code task} can have been registered as, whatever its service's load balancers were: its own
     * address on each container port of its definition (awsvpc), else each address and host port it published;
     * and its target for each of {@code loadBalancers}.
     */
    static List<TargetRef> all(EcsTask task, EcsTaskDefinition definition, List<EcsLoadBalancer> loadBalancers) {
        List<TargetRef> refs = new ArrayList<>();
        if (definition != null && TaskLaunch.AWSVPC.equals(definition.networkMode())
                && task.privateIpv4Address() != null) {
            definition.containerDefinitions().forEach(c -> c.portMappings().forEach(p ->
                    refs.add(new TargetRef(task.privateIpv4Address(), p.containerPort(), null))));
        } else {
            task.containers().forEach(c -> c.networkBindings().forEach(b ->
                    refs.add(new TargetRef(reachable(b.bindIP()), b.hostPort(), null))));
        }
        for (EcsLoadBalancer lb : loadBalancers) {
            TargetRef ref = of(task, definition, lb);
            if (ref != null) {
                refs.add(ref);
            }
        }
        return refs;
    }

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
                    return new TargetRef(reachable(b.bindIP()), b.hostPort(), null);
                }
            }
        }
        return null;
    }

    /** The address a published port is reached on from this node: a port published on every address, on loopback. */
    private static String reachable(String bindIp) {
        return bindIp == null || bindIp.equals("0.0.0.0") ? "127.0.0.1" : bindIp;
    }
}
