package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsContainer;
import dev.ballast.control.ecs.EcsLoadBalancer;
import dev.ballast.control.ecs.EcsNetworkBinding;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.elbv2.TargetGroupCommands.TargetRef;
import dev.ballast.core.model.TargetType;
import java.util.ArrayList;
import java.util.List;

/**
 * Which target a task is in one of its service's target groups. awsvpc: the task's own address and the container
 * port (an {@code ip} target, as on Fargate; such tasks have no instance target). bridge and host: in an {@code ip}
 * group the address and host port the container port was published on; in an {@code instance} group the instance id
 * of the node the task runs on and that host port, as ECS registers a container instance.
 *
 * <p>Thread-safe (stateless).
 */
final class TaskTargets {
    private TaskTargets() {}

    /** True for the target types tasks are registered in. */
    static boolean holdsTasks(TargetType type) {
        return type == TargetType.IP || type == TargetType.INSTANCE;
    }

    /**
     * Every target {@code task} can have been registered as, whatever its service's load balancers were: its own
     * address on each container port of its definition (awsvpc), else each address and host port it published and
     * {@code nodeInstanceId} (when there is one) with each host port; and its ip target for each of
     * {@code loadBalancers}.
     */
    static List<TargetRef> all(EcsTask task, EcsTaskDefinition definition, List<EcsLoadBalancer> loadBalancers,
                               String nodeInstanceId) {
        List<TargetRef> refs = new ArrayList<>();
        if (isAwsvpc(definition) && task.privateIpv4Address() != null) {
            definition.containerDefinitions().forEach(c -> c.portMappings().forEach(p ->
                    refs.add(new TargetRef(task.privateIpv4Address(), p.containerPort(), null))));
        } else {
            task.containers().forEach(c -> c.networkBindings().forEach(b -> {
                refs.add(new TargetRef(reachable(task, b.bindIP()), b.hostPort(), null));
                if (nodeInstanceId != null) {
                    refs.add(new TargetRef(nodeInstanceId, b.hostPort(), null));
                }
            }));
        }
        for (EcsLoadBalancer lb : loadBalancers) {
            TargetRef ref = of(task, definition, lb, TargetType.IP, nodeInstanceId);
            if (ref != null) {
                refs.add(ref);
            }
        }
        return refs;
    }

    /**
     * The target of {@code task} for {@code lb} in a group of type {@code type}, or null when it has none there: no
     * address for that container port yet, an awsvpc task in an instance group, no node instance, or a group type
     * that holds no tasks.
     */
    static TargetRef of(EcsTask task, EcsTaskDefinition definition, EcsLoadBalancer lb, TargetType type,
                        String nodeInstanceId) {
        if (!holdsTasks(type)) {
            return null;
        }
        if (isAwsvpc(definition) && task.privateIpv4Address() != null) {
            return type == TargetType.IP ? new TargetRef(task.privateIpv4Address(), lb.containerPort(), null) : null;
        }
        for (EcsContainer c : task.containers()) {
            if (!c.name().equals(lb.containerName())) {
                continue;
            }
            for (EcsNetworkBinding b : c.networkBindings()) {
                if (b.containerPort() == lb.containerPort()) {
                    if (type == TargetType.IP) {
                        return new TargetRef(reachable(task, b.bindIP()), b.hostPort(), null);
                    }
                    return nodeInstanceId == null ? null : new TargetRef(nodeInstanceId, b.hostPort(), null);
                }
            }
        }
        return null;
    }

    private static boolean isAwsvpc(EcsTaskDefinition definition) {
        return definition != null && TaskLaunch.AWSVPC.equals(definition.networkMode());
    }

    /**
     * The address a published port is reached on: a port published on every address, on the address of the cluster
     * node the task runs on, or on loopback when it runs here (one node alone).
     */
    private static String reachable(EcsTask task, String bindIp) {
        if (bindIp != null && !bindIp.equals("0.0.0.0")) {
            return bindIp;
        }
        return task.node() != null ? task.node().address() : "127.0.0.1";
    }
}
