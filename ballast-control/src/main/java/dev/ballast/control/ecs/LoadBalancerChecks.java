package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;

/**
 * The checks a service's {@code loadBalancers} must pass, with ECS's messages: at most 5, each a target group or a
 * Classic Load Balancer, a container and a container port the task definition has, a target group that a load
 * balancer uses and whose target type suits the network mode ({@code ip} for {@code awsvpc}, {@code instance} for
 * {@code bridge} and {@code host}).
 *
 * <p>Thread-safe (stateless; the lookup is).
 */
final class LoadBalancerChecks {
    private static final int MAX_TARGET_GROUPS = 5;

    private LoadBalancerChecks() {}

    /** Checks {@code loadBalancers} of a service running {@code definition}. */
    static void check(EcsTaskDefinition definition, List<EcsLoadBalancer> loadBalancers, TargetGroupLookup lookup) {
        if (loadBalancers.size() > MAX_TARGET_GROUPS) {
            throw invalid("loadBalancers: " + loadBalancers.size() + " entries (expected: at most "
                    + MAX_TARGET_GROUPS + ")");
        }
        for (EcsLoadBalancer lb : loadBalancers) {
            checkContainer(definition, lb);
            if (lb.targetGroupArn() != null) {
                checkTargetGroup(definition, lb.targetGroupArn(), lookup);
            } else if (definition.networkMode().equals("awsvpc")) {
                throw invalid("loadBalancerName: " + lb.loadBalancerName() + " (expected: a targetGroupArn; a Classic "
                        + "Load Balancer cannot be used with the awsvpc network mode)");
            }
        }
    }

    private static void checkContainer(EcsTaskDefinition definition, EcsLoadBalancer lb) {
        if ((lb.targetGroupArn() == null) == (lb.loadBalancerName() == null)) {
            throw invalid("loadBalancers: " + lb + " (expected: either targetGroupArn or loadBalancerName)");
        }
        if (lb.containerName() == null) {
            throw invalid("loadBalancers.containerName: missing (expected: the container that receives the traffic)");
        }
        EcsContainerDefinition container = definition.container(lb.containerName());
        if (container == null) {
            throw invalid("The container " + lb.containerName() + " does not exist in the task definition.");
        }
        if (container.portMappings().stream().noneMatch(p -> p.containerPort() == lb.containerPort())) {
            throw invalid("The container " + lb.containerName() + " did not have a container port "
                    + lb.containerPort() + " defined.");
        }
    }

    private static void checkTargetGroup(EcsTaskDefinition definition, String arn, TargetGroupLookup lookup) {
        TargetGroupLookup.TargetGroupInfo group = lookup.find(arn);
        if (group == null) {
            throw invalid("targetGroupArn: " + arn + " (expected: the ARN of an existing target group)");
        }
        if (!group.hasLoadBalancer()) {
            throw invalid("The target group with targetGroupArn " + arn
                    + " does not have an associated load balancer.");
        }
        String mode = definition.networkMode();
        String wanted = mode.equals("awsvpc") ? "ip" : "instance";
        if (!group.targetType().equals(wanted)) {
            throw invalid("The provided target group " + arn + " has target type " + group.targetType()
                    + ", which is incompatible with the " + mode + " network mode specified in the task definition.");
        }
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, message);
    }
}
