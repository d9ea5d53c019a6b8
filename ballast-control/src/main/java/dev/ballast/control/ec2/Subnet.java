package dev.ballast.control.ec2;

/**
 * A subnet: a part of its VPC's CIDR block in one availability zone, which places a load balancer in that zone.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id e.g. {@code subnet-0123456789abcdef0}
 * @param defaultForAz true for the default VPC's subnet of the zone
 * @param createdAt epoch milliseconds, which orders the listings
 */
public record Subnet(String id, String vpcId, String cidrBlock, String availabilityZone, boolean defaultForAz,
                     long createdAt) {
    /** Addresses a load balancer could still get in the subnet (AWS reserves five of each subnet). */
    public long availableIpAddressCount() {
        return Math.max(0, Ipv4Block.parse(cidrBlock).size() - 5);
    }
}
