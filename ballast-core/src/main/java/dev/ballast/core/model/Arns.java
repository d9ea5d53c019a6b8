package dev.ballast.core.model;

import java.util.random.RandomGenerator;

/**
 * Builds ARNs in AWS's formats, e.g.
 * {@code arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/my-lb/50dc6c495c0c9188}.
 *
 * <p>Thread-safe (immutable; the random generator must be thread-safe if shared).
 */
public final class Arns {
    private final String prefix;
    private final RandomGenerator random;

    /** ARNs in {@code region} for {@code accountId}, with ids drawn from {@code random}. */
    public Arns(String region, String accountId, RandomGenerator random) {
        this.prefix = "arn:aws:elasticloadbalancing:" + region + ":" + accountId + ":";
        this.random = random;
    }

    /** A new load balancer ARN. */
    public String loadBalancer(LoadBalancerType type, String name) {
        return prefix + "loadbalancer/" + typeCode(type) + "/" + name + "/" + id();
    }

    /** A new target group ARN. */
    public String targetGroup(String name) {
        return prefix + "targetgroup/" + name + "/" + id();
    }

    /** A new listener ARN under {@code loadBalancerArn}. */
    public String listener(String loadBalancerArn) {
        return loadBalancerArn.replace(":loadbalancer/", ":listener/") + "/" + id();
    }

    /** A new rule ARN under {@code listenerArn}. */
    public String rule(String listenerArn) {
        return listenerArn.replace(":listener/", ":listener-rule/") + "/" + id();
    }

    private static String typeCode(LoadBalancerType type) {
        return type == LoadBalancerType.APPLICATION ? "app" : "net";
    }

    private String id() {
        return String.format("%016x", random.nextLong());
    }
}
