package dev.ballast.control.elbv2;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.Protocol;
import java.util.List;
import java.util.Map;

/**
 * A listener as the API knows it; its rules are separate {@link RuleEntry} records, its default rule is
 * {@code defaultRuleArn} with {@code defaultAction}.
 *
 * @param certificates the default certificate first, then those added with AddListenerCertificates
 * @param createdAt creation time, epoch milliseconds
 *
 * <p>Thread-safe (immutable).
 */
public record ListenerEntry(String arn, String loadBalancerArn, Protocol protocol, int port, Action defaultAction,
                            String defaultRuleArn, String sslPolicy, List<String> certificates,
                            List<String> alpnPolicy, Map<String, String> attributes, long createdAt, Tags tags) {
    /** Copies the collections. */
    public ListenerEntry {
        certificates = List.copyOf(certificates);
        alpnPolicy = List.copyOf(alpnPolicy);
        attributes = Map.copyOf(attributes);
        tags = tags == null ? Tags.NONE : tags;
    }

    /** This entry with other tags. */
    public ListenerEntry with(Tags newTags) {
        return new ListenerEntry(arn, loadBalancerArn, protocol, port, defaultAction, defaultRuleArn, sslPolicy,
                certificates, alpnPolicy, attributes, createdAt, newTags);
    }

    /** This entry with other certificates. */
    public ListenerEntry withCertificates(List<String> newCertificates) {
        return new ListenerEntry(arn, loadBalancerArn, protocol, port, defaultAction, defaultRuleArn, sslPolicy,
                newCertificates, alpnPolicy, attributes, createdAt, tags);
    }

    /** This entry with other attributes. */
    public ListenerEntry withAttributes(Map<String, String> newAttributes) {
        return new ListenerEntry(arn, loadBalancerArn, protocol, port, defaultAction, defaultRuleArn, sslPolicy,
                certificates, alpnPolicy, newAttributes, createdAt, tags);
    }

    /** This entry with another default action. */
    public ListenerEntry withDefaultAction(Action action) {
        return new ListenerEntry(arn, loadBalancerArn, protocol, port, action, defaultRuleArn, sslPolicy,
                certificates, alpnPolicy, attributes, createdAt, tags);
    }
}
