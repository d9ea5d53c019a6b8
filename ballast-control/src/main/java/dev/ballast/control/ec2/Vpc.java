package dev.ballast.control.ec2;

/**
 * A virtual private cloud: an IPv4 CIDR block that subnets divide, and the security groups that belong to it.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id e.g. {@code vpc-0123456789abcdef0}
 * @param cidrBlock its IPv4 block, e.g. {@code 10.0.0.0/16}
 * @param isDefault true for the region's default VPC
 * @param createdAt epoch milliseconds, which orders the listings
 */
public record Vpc(String id, String cidrBlock, boolean isDefault, long createdAt) {}
