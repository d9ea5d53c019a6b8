package dev.ballast.core.health;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.core.model.TargetType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds snapshots with one load balancer, one listener and one target group for health tests. */
final class HealthFixtures {
    static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef";
    static final String LB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/lb/0123456789abcdef";
    static final HealthCheck CHECK = new HealthCheck(true, Protocol.HTTP, null, "/health", 5, 2, 3, 2, "200");

    private HealthFixtures() {}

    static Target target(int n) {
        return new Target("10.0.0." + n, 8080);
    }

    static List<Target> targets(int... ns) {
        return Arrays.stream(ns).mapToObj(HealthFixtures::target).toList();
    }

    static TargetGroup group(HealthCheck check, Map<String, String> attributes, List<Target> targets) {
        return new TargetGroup(GROUP, "web", Protocol.HTTP, 8080, TargetType.IP, check,
                TargetGroupAttributes.defaults().with(attributes), targets);
    }

    /** A snapshot where an application listener forwards to the group. */
    static ConfigSnapshot used(TargetGroup group) {
        return snapshot(group, LoadBalancerType.APPLICATION, true);
    }

    static ConfigSnapshot snapshot(TargetGroup group, LoadBalancerType type, boolean listenerForwards) {
        LoadBalancer lb = new LoadBalancer(LB, "lb", type, Scheme.INTERNAL, "lb.local", "127.0.0.1", null);
        List<Listener> listeners = listenerForwards
                ? List.of(new Listener(LB + "/listener", LB, type == LoadBalancerType.NETWORK ? Protocol.TCP
                : Protocol.HTTP, 80, Action.Forward.to(group.arn())))
                : List.of();
        return new ConfigSnapshot(1, List.of(lb), listeners, List.of(group));
    }
}
