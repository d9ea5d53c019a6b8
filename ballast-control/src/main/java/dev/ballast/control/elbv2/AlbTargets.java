package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetType;
import dev.ballast.core.validation.Check;
import java.util.Collection;

/**
 * AWS's rules for target groups of type {@code alb} (a network load balancer forwarding to an application load
 * balancer, "Use an Application Load Balancer as a target of a Network Load Balancer"): TCP only, checked over HTTP
 * or HTTPS, one target, which is an application load balancer with a listener on the target's port; a load balancer
 * that is such a target cannot be deleted.
 *
 * <p>Thread-safe (stateless).
 */
final class AlbTargets {
    private AlbTargets() {}

    /** The group's protocol: an {@code alb} group carries the NLB's TCP connections to the ALB's listener. */
    static void checkProtocol(TargetType type, Protocol protocol) {
        if (type == TargetType.ALB) {
            Check.that(protocol == Protocol.TCP, "Protocol", protocol, "TCP for a target group of type alb");
        }
    }

    /** AWS's health check defaults of an {@code alb} group: HTTP on {@code /}, as for a network group checked over HTTP. */
    static HealthCheck defaultHealthCheck() {
        return HealthCheck.networkDefaults(Protocol.HTTP);
    }

    /** The group's health check: HTTP or HTTPS against the load balancer, and always enabled. */
    static void checkHealthCheck(TargetType type, HealthCheck hc) {
        if (type == TargetType.ALB) {
            Check.that(hc.protocol().isHttp(), "HealthCheckProtocol", hc.protocol(),
                    "HTTP or HTTPS for a target group of type alb");
            Check.that(hc.enabled(), "HealthCheckEnabled", false,
                    "true for a target group of type alb");
        }
    }

    /**
     * Checks the targets {@code group} would have after a registration: at most one, an application load balancer
     * of the draft with a listener on the target's port.
     */
    static void checkRegistered(ElbDraft d, TargetGroup group, Collection<Target> targets) {
        if (group.targetType() != TargetType.ALB) {
            return;
        }
        if (targets.size() > 1) {
            throw new AwsException(AwsError.TOO_MANY_TARGETS, "Targets: " + targets.size()
                    + " (expected: one application load balancer per target group of type alb)");
        }
        for (Target t : targets) {
            LoadBalancerEntry lb = d.loadBalancers.get(t.id());
            if (lb == null || lb.model().type() != LoadBalancerType.APPLICATION) {
                throw new AwsException(AwsError.INVALID_TARGET, "Targets.Id: " + t.id() + " (expected: the ARN of "
                        + (lb == null ? "an existing" : "an") + " application load balancer for a target group of "
                        + "type alb)");
            }
            if (d.listenersOf(t.id()).stream().noneMatch(l -> l.port() == t.port())) {
                throw AwsMessages.albTargetWithoutListener();
            }
        }
    }

    /** Refuses to delete load balancer {@code arn} while a target group of type alb has it as its target. */
    static void checkNotTarget(ElbDraft d, String arn) {
        for (TargetGroupEntry tg : d.targetGroups.values()) {
            if (tg.model().targetType() == TargetType.ALB
                    && tg.model().targets().stream().anyMatch(t -> t.id().equals(arn))) {
                throw AwsMessages.loadBalancerAssociated(arn);
            }
        }
    }
}
