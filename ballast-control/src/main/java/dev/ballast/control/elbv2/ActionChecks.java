package dev.ballast.control.elbv2;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.NetworkListenerChecks;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.ProtocolVersion;
import java.util.Set;

/**
 * The invariants an action must satisfy on its listener: target groups exist, speak a protocol the listener can
 * forward to, belong to no other load balancer; redirect and fixed-response only on application load balancers.
 *
 * <p>Thread-safe (stateless).
 */
final class ActionChecks {
    private ActionChecks() {}

    static void check(ElbDraft d, LoadBalancerEntry lb, Protocol listenerProtocol, Action action) {
        LoadBalancerType type = lb.model().type();
        if (!(action instanceof Action.Forward forward)) {
            if (type != LoadBalancerType.APPLICATION) {
                throw new AwsException(AwsError.INVALID_LOAD_BALANCER_ACTION, "Actions.Type: " + action.type()
                        + " (expected: forward on a network load balancer)");
            }
            return;
        }
        if (type == LoadBalancerType.NETWORK && forward.targetGroups().size() > 1) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "ForwardConfig.TargetGroups: "
                    + forward.targetGroups().size() + " target groups (expected: 1 on a network load balancer)");
        }
        for (Action.WeightedTargetGroup wtg : forward.targetGroups()) {
            TargetGroupEntry tg = d.targetGroups.get(wtg.targetGroupArn());
            if (tg == null) {
                throw AwsMessages.actionTargetGroupNotFound(wtg.targetGroupArn());
            }
            Protocol p = tg.model().protocol();
            if (!compatible(listenerProtocol, p)) {
                throw new AwsException(AwsError.INCOMPATIBLE_PROTOCOLS, "Target group '" + tg.model().name()
                        + "' has protocol " + p + ", which a " + listenerProtocol + " listener cannot forward to");
            }
            if (tg.model().protocolVersion() == ProtocolVersion.GRPC && listenerProtocol != Protocol.HTTPS) {
                // gRPC needs HTTP/2 from the client, which ALB negotiates only through TLS (ALPN h2)
                throw new AwsException(AwsError.INCOMPATIBLE_PROTOCOLS, "Target group '" + tg.model().name()
                        + "' has protocol version GRPC, which a " + listenerProtocol
                        + " listener cannot forward to (expected: an HTTPS listener)");
            }
            Set<String> users = d.loadBalancersUsing(wtg.targetGroupArn());
            users.remove(lb.arn());
            if (!users.isEmpty()) {
                throw new AwsException(AwsError.TARGET_GROUP_ASSOCIATION_LIMIT, "Target group '" + tg.model().name()
                        + "' is already associated with load balancer '" + users.iterator().next()
                        + "' (expected: a target group used by one load balancer only)");
            }
        }
    }

    /** True if a listener of protocol {@code listener} can forward to a target group of protocol {@code group}. */
    static boolean compatible(Protocol listener, Protocol group) {
        return NetworkListenerChecks.compatible(listener, group);
    }
}
