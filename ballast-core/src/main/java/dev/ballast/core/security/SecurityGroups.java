package dev.ballast.core.security;

import dev.ballast.core.model.LoadBalancer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The security groups of a configuration: which groups each load balancer has (from the load-balancing APIs) and
 * the inbound and outbound rules of each group (from EC2). Parts from several writers merge into one; a snapshot
 * resolves them to one {@link LoadBalancerIngress} and one {@link LoadBalancerEgress} per load balancer whose groups
 * are known, joining in the same step in which the load balancers arrive, so a new load balancer is never served
 * without its groups.
 *
 * <p>Thread-safe (immutable).
 *
 * @param byLoadBalancer group ids by load balancer ARN
 * @param rulesByGroup inbound rules by group id
 * @param egressByGroup outbound rules by group id
 */
public record SecurityGroups(Map<String, List<String>> byLoadBalancer, Map<String, List<IngressRule>> rulesByGroup,
                             Map<String, List<EgressRule>> egressByGroup) {
    /** No groups. */
    public static final SecurityGroups NONE = new SecurityGroups(Map.of(), Map.of(), Map.of());

    /** Copies the maps. */
    public SecurityGroups {
        byLoadBalancer = copy(byLoadBalancer);
        rulesByGroup = copy(rulesByGroup);
        egressByGroup = copy(egressByGroup);
    }

    /** Groups with inbound rules only (their outbound rules unknown: the load balancers reach every target). */
    public SecurityGroups(Map<String, List<String>> byLoadBalancer, Map<String, List<IngressRule>> rulesByGroup) {
        this(byLoadBalancer, rulesByGroup, Map.of());
    }

    /** This and {@code other} together (the other's entries win on the same key). */
    public SecurityGroups and(SecurityGroups other) {
        Map<String, List<String>> lbs = new LinkedHashMap<>(byLoadBalancer);
        lbs.putAll(other.byLoadBalancer);
        Map<String, List<IngressRule>> rules = new LinkedHashMap<>(rulesByGroup);
        rules.putAll(other.rulesByGroup);
        Map<String, List<EgressRule>> egress = new LinkedHashMap<>(egressByGroup);
        egress.putAll(other.egressByGroup);
        return new SecurityGroups(lbs, rules, egress);
    }

    /**
     * The inbound rules of each load balancer of {@code loadBalancers} that has a group with known rules, a group
     * peer resolved to the addresses of the load balancers in that group. A load balancer without such a group has
     * no entry (it admits everyone): that is a load balancer without groups, or one whose groups no EC2 resources
     * describe.
     */
    public Map<String, LoadBalancerIngress> resolve(Map<String, LoadBalancer> loadBalancers) {
        Map<String, LoadBalancerIngress> out = new HashMap<>();
        resolve(loadBalancers, rulesByGroup, IngressRule::cidr, IngressRule::sourceGroupId, IngressRule::from)
                .forEach((arn, rules) -> out.put(arn, new LoadBalancerIngress(rules)));
        return Map.copyOf(out);
    }

    /**
     * The outbound rules of each load balancer of {@code loadBalancers} that has a group with known rules, a group
     * peer resolved to the addresses of the load balancers in that group; a load balancer without an entry reaches
     * every target.
     */
    public Map<String, LoadBalancerEgress> resolveEgress(Map<String, LoadBalancer> loadBalancers) {
        Map<String, LoadBalancerEgress> out = new HashMap<>();
        resolve(loadBalancers, egressByGroup, EgressRule::cidr, EgressRule::destinationGroupId, EgressRule::to)
                .forEach((arn, rules) -> out.put(arn, new LoadBalancerEgress(rules)));
        return Map.copyOf(out);
    }

    /** The rules of one direction by load balancer ARN, each group peer replaced by its members' host blocks. */
    private <R> Map<String, List<R>> resolve(Map<String, LoadBalancer> loadBalancers, Map<String, List<R>> byGroup,
                                             Function<R, String> cidr, Function<R, String> peerGroup,
                                             BiFunction<R, String, R> withBlock) {
        Map<String, List<String>> membersByGroup = new HashMap<>();
        byLoadBalancer.forEach((arn, groups) -> {
            LoadBalancer lb = loadBalancers.get(arn);
            if (lb != null) {
                groups.forEach(g -> membersByGroup.computeIfAbsent(g, k -> new ArrayList<>()).add(lb.bindAddress()));
            }
        });
        Map<String, List<R>> out = new HashMap<>();
        byLoadBalancer.forEach((arn, groups) -> {
            if (!loadBalancers.containsKey(arn) || groups.stream().noneMatch(byGroup::containsKey)) {
                return;
            }
            List<R> rules = new ArrayList<>();
            for (String group : groups) {
                for (R rule : byGroup.getOrDefault(group, List.of())) {
                    if (cidr.apply(rule) != null) {
                        rules.add(rule);
                    } else {
                        for (String member : membersByGroup.getOrDefault(peerGroup.apply(rule), List.of())) {
                            hostBlock(member).ifPresent(block -> rules.add(withBlock.apply(rule, block)));
                        }
                    }
                }
            }
            out.put(arn, rules);
        });
        return out;
    }

    /** The one-address block of a load balancer's bind address; none for a wildcard address. */
    private static Optional<String> hostBlock(String address) {
        if (address.equals("0.0.0.0") || address.equals("::")) {
            return Optional.empty();
        }
        return Optional.of(address + (address.indexOf(':') >= 0 ? "/128" : "/32"));
    }

    private static <V> Map<String, List<V>> copy(Map<String, List<V>> map) {
        Map<String, List<V>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
