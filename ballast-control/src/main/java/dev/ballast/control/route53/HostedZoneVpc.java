package dev.ballast.control.route53;

/**
 * A VPC a private hosted zone is associated with.
 *
 * <p>Thread-safe (immutable).
 */
public record HostedZoneVpc(String region, String id) {}
