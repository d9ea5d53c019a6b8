package dev.ballast.dns;

import dev.ballast.core.health.GroupHealthView;
import dev.ballast.core.health.TargetHealthDescription;
import dev.ballast.core.health.TargetHealthState;
import dev.ballast.core.health.TargetHealthView;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Rule;
import dev.ballast.core.model.TargetGroup;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The health Route 53 gives an alias to a load balancer when the alias evaluates target health, by the load
 * balancer's DNS name: healthy when the target groups its listeners forward to hold at least one healthy target, and
 * every one of them that holds targets has a healthy one (as the Route 53 API reference says of
 * {@code EvaluateTargetHealth} with Application and Network Load Balancers). A target with health checks disabled
 * ({@code unavailable}) counts as healthy: the load balancer routes to it.
 *
 * <p>Thread-safe (immutable).
 */
final class LoadBalancerHealth {
    /** Before any health is known: every load balancer is healthy (an answer is not withheld on a guess). */
    static final LoadBalancerHealth UNKNOWN = new LoadBalancerHealth(Map.of());

    private final Map<Name, Boolean> byName;

    private LoadBalancerHealth(Map<Name, Boolean> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** The health of every load balancer of {@code snapshot}, from the targets' health in {@code health}. */
    static LoadBalancerHealth of(ConfigSnapshot snapshot, TargetHealthView health) {
        Map<String, Set<String>> groupsByLoadBalancer = new HashMap<>();
        for (Listener listener : snapshot.listeners().values()) {
            Set<String> groups = groupsByLoadBalancer.computeIfAbsent(listener.loadBalancerArn(),
                    arn -> new LinkedHashSet<>());
            addForwards(listener.defaultAction(), groups);
            for (Rule rule : listener.rules()) {
                addForwards(rule.action(), groups);
            }
        }
        Map<Name, Boolean> byName = new HashMap<>();
        for (LoadBalancer lb : snapshot.loadBalancers().values()) {
            Name name = LoadBalancerZones.nameOf(lb.dnsName());
            if (name != null) {
                byName.put(name, healthy(groupsByLoadBalancer.getOrDefault(lb.arn(), Set.of()), snapshot, health));
            }
        }
        return new LoadBalancerHealth(byName);
    }

    /**
     * Whether the load balancer named {@code dnsName} (or {@code dualstack.<dnsName>}) is healthy; null when no
     * load balancer has that name.
     */
    Boolean healthy(Name dnsName) {
        Boolean healthy = byName.get(dnsName);
        if (healthy == null && dnsName.labels() > 2 && dnsName.getLabelString(0).equalsIgnoreCase("dualstack")) {
            healthy = byName.get(new Name(dnsName, 1));
        }
        return healthy;
    }

    private static boolean healthy(Set<String> groupArns, ConfigSnapshot snapshot, TargetHealthView health) {
        boolean anyHealthy = false;
        for (String arn : groupArns) {
            TargetGroup group = snapshot.targetGroups().get(arn);
            if (group == null || group.targets().isEmpty()) {
                continue;
            }
            GroupHealthView view = health.group(arn);
            long healthyTargets = view == null ? 0 : view.descriptions().stream()
                    .map(TargetHealthDescription::health)
                    .filter(h -> h.state() == TargetHealthState.HEALTHY || h.state() == TargetHealthState.UNAVAILABLE)
                    .count();
            if (healthyTargets == 0) {
                return false;
            }
            anyHealthy = true;
        }
        return anyHealthy;
    }

    private static void addForwards(Action action, Set<String> groups) {
        if (action instanceof Action.Forward forward) {
            forward.targetGroups().forEach(g -> groups.add(g.targetGroupArn()));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LoadBalancerHealth h && h.byName.equals(byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }
}
