package dev.ballast.proxy.metrics;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.Listener;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of every load balancer the data plane serves, kept across snapshots: a load balancer (and a target group
 * behind it) that stays in the configuration keeps its counters; one that is deleted loses them with the next
 * snapshot. Listeners resolve their {@link LoadBalancerMetrics} once when they are compiled, so traffic never looks a
 * load balancer up by name.
 *
 * <p>Thread-safe: {@link #loadBalancer} and {@link #retain} are called by the single writer applying snapshots,
 * {@link #loadBalancers} by scrapes.
 */
public final class DataPlaneMetrics {
    private final Map<String, LoadBalancerMetrics> loadBalancers = new ConcurrentHashMap<>();

    /** The metrics of {@code lb}, made when it is first seen. */
    public LoadBalancerMetrics loadBalancer(LoadBalancer lb) {
        return loadBalancers.computeIfAbsent(lb.arn(), arn -> new LoadBalancerMetrics(arn, lb.type()));
    }

    /**
     * Keeps the metrics of the load balancers in {@code snapshot} and of the target groups their listeners forward to,
     * and forgets the rest; called once {@code snapshot} is in force.
     */
    public void retain(ConfigSnapshot snapshot) {
        Map<String, Set<String>> groupsByLb = new HashMap<>();
        for (LoadBalancer lb : snapshot.loadBalancers().values()) {
            groupsByLb.put(lb.arn(), new HashSet<>());
        }
        for (Listener listener : snapshot.listeners().values()) {
            Set<String> groups = groupsByLb.get(listener.loadBalancerArn());
            if (groups != null) {
                groups.addAll(forwardedGroups(listener));
            }
        }
        loadBalancers.keySet().retainAll(groupsByLb.keySet());
        loadBalancers.forEach((arn, metrics) -> {
            metrics.retainTargetGroups(groupsByLb.get(arn));
            groupsByLb.get(arn).forEach(metrics::targetGroup);
        });
    }

    /** The target groups {@code listener} forwards to, by its default action and rules. */
    public static Set<String> forwardedGroups(Listener listener) {
        Set<String> groups = new HashSet<>();
        forwardedGroups(listener.defaultAction(), groups);
        listener.rules().forEach(rule -> forwardedGroups(rule.action(), groups));
        return groups;
    }

    private static void forwardedGroups(Action action, Set<String> into) {
        if (action instanceof Action.Forward forward) {
            forward.targetGroups().forEach(weighted -> into.add(weighted.targetGroupArn()));
        }
    }

    /** Every load balancer's metrics (a live view). */
    public Collection<LoadBalancerMetrics> loadBalancers() {
        return loadBalancers.values();
    }
}
