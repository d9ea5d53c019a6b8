package dev.ballast.proxy.health;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Listener;
import dev.ballast.core.security.LoadBalancerEgress;
import dev.ballast.core.security.TargetMatcher;
import dev.ballast.proxy.metrics.DataPlaneMetrics;
import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which health checks the load balancers' security groups let out, compiled once per snapshot: a target group's
 * check of a target may be sent when the outbound rules of some load balancer whose listeners forward to the group
 * allow TCP to the target's address and the checked port (health checks are TCP connections, for UDP groups too).
 *
 * <p>Thread-safe (immutable once built); built by the single writer.
 */
final class HealthCheckEgress {
    /** The TCP matchers of the load balancers forwarding to each group, by group ARN. */
    private final Map<String, List<TargetMatcher>> byGroup;

    private HealthCheckEgress(Map<String, List<TargetMatcher>> byGroup) {
        this.byGroup = byGroup;
    }

    /** The outbound checks of {@code snapshot}'s load balancers, by the groups their listeners forward to. */
    static HealthCheckEgress of(ConfigSnapshot snapshot) {
        Map<String, TargetMatcher> byLoadBalancer = new HashMap<>();
        Map<String, List<TargetMatcher>> byGroup = new HashMap<>();
        for (Listener listener : snapshot.listeners().values()) {
            TargetMatcher matcher = byLoadBalancer.computeIfAbsent(listener.loadBalancerArn(),
                    arn -> LoadBalancerEgress.targets(snapshot.egress(arn), "tcp"));
            for (String group : DataPlaneMetrics.forwardedGroups(listener)) {
                List<TargetMatcher> matchers = byGroup.computeIfAbsent(group, g -> new ArrayList<>());
                if (!matchers.contains(matcher)) {
                    matchers.add(matcher);
                }
            }
        }
        return new HealthCheckEgress(byGroup);
    }

    /** True if a check of {@code targetGroupArn}'s target at {@code address} port {@code port} may be sent. */
    boolean allows(String targetGroupArn, String address, int port) {
        List<TargetMatcher> matchers = byGroup.get(targetGroupArn);
        if (matchers == null || address == null) {
            return true; // not checked at all, or failing for want of an address anyway
        }
        var ip = NetUtil.createInetAddressFromIpAddressString(address);
        return ip == null || matchers.stream().anyMatch(m -> m.reaches(ip, port));
    }
}
