package dev.ballast.server.config;

import dev.ballast.core.model.Arns;
import dev.ballast.core.model.LoadBalancerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * ARNs for the resources of a configuration file whose ids are derived from what names the resource in the file
 * (a load balancer's type and name, a listener's load balancer and port, a rule's listener and priority), so that
 * reloading the file, or restarting with it, gives an unchanged resource the same ARN and its runtime state (target
 * health, stickiness, draining) keyed by ARN carries over.
 *
 * <p>Thread-safe (immutable).
 */
final class NamedArns {
    private final String region;
    private final String accountId;

    NamedArns(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    String loadBalancer(LoadBalancerType type, String name) {
        return arns("loadbalancer/" + type.wire() + "/" + name).loadBalancer(type, name);
    }

    String targetGroup(String name) {
        return arns("targetgroup/" + name).targetGroup(name);
    }

    String listener(String loadBalancerArn, int port) {
        return arns(loadBalancerArn + "/port/" + port).listener(loadBalancerArn);
    }

    String rule(String listenerArn, int priority) {
        return arns(listenerArn + "/priority/" + priority).rule(listenerArn);
    }

    /** ARNs whose one id is drawn from a generator seeded with a digest of {@code identity}. */
    private Arns arns(String identity) {
        return new Arns(region, accountId, new SplittableRandom(seed(region + ":" + accountId + ":" + identity)));
    }

    private static long seed(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                seed = (seed << 8) | (digest[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
