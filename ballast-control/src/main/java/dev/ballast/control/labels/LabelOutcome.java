package dev.ballast.control.labels;

import dev.ballast.control.elbv2.TargetGroupCommands.TargetRef;

/**
 * One port label's outcome while a reconcile pass runs: where it resolved to, its target, and whether the target is
 * wanted registered.
 *
 * <p>Not thread-safe: lives within one pass on the provider's thread.
 */
final class LabelOutcome {
    final LabelledContainer container;
    final String key;
    final String value;
    /** The load balancer's ARN, once resolved. */
    String loadBalancer;
    /** The ELBv2 target group's ARN, once resolved (null for a Classic load balancer). */
    String group;
    /** The Classic load balancer's name, once resolved (null for ELBv2). */
    String classic;
    TargetRef target;
    String state;
    boolean wanted;

    LabelOutcome(LabelledContainer container, String key, String value) {
        this.container = container;
        this.key = key;
        this.value = value;
    }

    /** The target as statuses, ownership tags and Classic instance ids write it: {@code ip:port}. */
    String targetKey() {
        return targetKey(target);
    }

    static String targetKey(TargetRef ref) {
        return ref.id() + ":" + ref.port();
    }

    LabelStatus status() {
        return new LabelStatus(container.name(), container.shortId(), key, value, loadBalancer, group,
                target == null ? null : targetKey(), state);
    }
}
