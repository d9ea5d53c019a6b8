package dev.ballast.core.dns;

/**
 * Where a Route 53 alias record points: a load balancer's DNS name, or a record set in a hosted zone.
 *
 * <p>Thread-safe (immutable).
 *
 * @param hostedZoneId the target's hosted zone (a load balancer's {@code CanonicalHostedZoneId}, or a hosted zone's
 *     id)
 * @param dnsName the target's name, absolute and lower case
 * @param evaluateTargetHealth whether the alias answers only while the target has healthy targets
 */
public record AliasTarget(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {}
