package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.function.Function;

/**
 * AWS's rules that tie a listener to its load balancer's type and to the groups it forwards to: application load
 * balancers take HTTP and HTTPS listeners forwarding to HTTP(S) groups; network load balancers take TCP, TLS, UDP
 * and TCP_UDP listeners whose default action forwards to exactly one group of a compatible protocol (a TCP_UDP
 * listener needs a TCP_UDP group), and no rules.
 *
 * <p>Thread-safe (stateless).
 */
public final class NetworkListenerChecks {
    private NetworkListenerChecks() {}

    /**
     * Checks {@code listener} on {@code loadBalancer}; {@code groups} resolves the target groups its actions name
     * (a null answer is left for the caller to report).
     */
    public static void check(LoadBalancer loadBalancer, Listener listener,
                             Function<String, TargetGroup> groups) {
        Protocol protocol = listener.protocol();
        if (loadBalancer.type() == LoadBalancerType.APPLICATION) {
            Check.that(protocol.isHttp(), "Protocol", protocol, "HTTP or HTTPS for an application load balancer");
            checkForwards(protocol, listener.defaultAction(), groups);
            listener.rules().forEach(rule -> checkForwards(protocol, rule.action(), groups));
            return;
        }
        Check.that(protocol.isNetwork(), "Protocol", protocol, "TCP, TLS, UDP or TCP_UDP for a network load balancer");
        Check.that(listener.rules().isEmpty(), "Rules", listener.rules().size() + " rules",
                "no rules on a network load balancer's listener");
        Check.that(listener.defaultAction() instanceof Action.Forward, "DefaultActions.Type",
                listener.defaultAction().type(), "forward on a network load balancer's listener");
        Action.Forward forward = (Action.Forward) listener.defaultAction();
        Check.that(forward.targetGroups().size() == 1, "ForwardConfig.TargetGroups",
                forward.targetGroups().size() + " target groups", "one target group on a network load balancer");
        checkForwards(protocol, forward, groups);
    }

    private static void checkForwards(Protocol protocol, Action action, Function<String, TargetGroup> groups) {
        if (!(action instanceof Action.Forward forward)) {
            return;
        }
        for (Action.WeightedTargetGroup weighted : forward.targetGroups()) {
            TargetGroup group = groups.apply(weighted.targetGroupArn());
            if (group != null) {
                Check.that(compatible(protocol, group.protocol()), "TargetGroupArn", group.name() + " ("
                        + group.protocol() + ")", expectedGroupProtocols(protocol) + " for a " + protocol + " listener");
            }
        }
    }

    /** True if a {@code listener} listener may forward to a {@code group} group. */
    public static boolean compatible(Protocol listener, Protocol group) {
        return switch (listener) {
            case TCP -> group == Protocol.TCP || group == Protocol.TLS || group == Protocol.TCP_UDP;
            case TLS -> group == Protocol.TCP || group == Protocol.TLS || group == Protocol.TCP_UDP;
            case UDP -> group == Protocol.UDP || group == Protocol.TCP_UDP;
            case TCP_UDP -> group == Protocol.TCP_UDP;
            case HTTP, HTTPS -> group.isHttp();
            case GENEVE -> group == Protocol.GENEVE;
        };
    }

    private static String expectedGroupProtocols(Protocol listener) {
        return switch (listener) {
            case TCP, TLS -> "a TCP, TLS or TCP_UDP target group";
            case UDP -> "a UDP or TCP_UDP target group";
            case TCP_UDP -> "a TCP_UDP target group";
            default -> "an HTTP or HTTPS target group";
        };
    }
}
