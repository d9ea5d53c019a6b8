package dev.ballast.core.health;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Rule;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the target groups that some listener forwards to (default action or rule), and the kind of load balancer
 * that uses each: only those groups are health checked and receive traffic; the targets of the others are
 * {@code unused} with {@code Target.NotInUse}.
 *
 * <p>Thread-safe (stateless).
 */
public final class TargetGroupUsage {
    private TargetGroupUsage() {}

    /** Group ARN → type of the load balancer using it (network wins if both kinds use a group). */
    public static Map<String, LoadBalancerType> in(ConfigSnapshot snapshot) {
        Map<String, LoadBalancerType> used = new HashMap<>();
        for (Listener listener : snapshot.listeners().values()) {
            LoadBalancer lb = snapshot.loadBalancer(listener.loadBalancerArn());
            LoadBalancerType type = lb == null ? LoadBalancerType.APPLICATION : lb.type();
            markForwards(listener.defaultAction(), type, used);
            for (Rule rule : listener.rules()) {
                markForwards(rule.action(), type, used);
            }
        }
        return Collections.unmodifiableMap(used);
    }

    private static void markForwards(Action action, LoadBalancerType type, Map<String, LoadBalancerType> used) {
        if (action instanceof Action.Forward forward) {
            for (Action.WeightedTargetGroup g : forward.targetGroups()) {
                used.merge(g.targetGroupArn(), type,
                        (a, b) -> a == LoadBalancerType.NETWORK || b == LoadBalancerType.NETWORK
                                ? LoadBalancerType.NETWORK : LoadBalancerType.APPLICATION);
            }
        }
    }
}
