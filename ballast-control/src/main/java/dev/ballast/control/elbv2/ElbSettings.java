package dev.ballast.control.elbv2;

import dev.ballast.control.PublicAddresses;
import dev.ballast.core.validation.Check;
import dev.ballast.core.model.TargetAddresses;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where and how the ELBv2 control plane creates resources.
 *
 * @param region the region in ARNs and DNS names (e.g. {@code us-east-1})
 * @param accountId the 12-digit account in ARNs
 * @param dnsDomain load balancer DNS names end in {@code .<region>.elb.<dnsDomain>}
 * @param publicBindAddress the address internet-facing load balancers bind (e.g. {@code 0.0.0.0})
 * @param internalAddressPrefix internal load balancers bind {@code <prefix>1} to {@code <prefix>254}
 * @param vpcId the VPC id shown on resources
 * @param limits the account limits
 * @param addressTakenOnHost whether an internal address is already used on this host (by another server) or cannot
 *     be bound, so that it is not handed out
 * @param nodeInstance this server as an EC2-style instance (instance targets naming it are reached at its address),
 *     or null when it is none (then every instance target is unknown)
 *
 * <p>Thread-safe (immutable).
 */
public record ElbSettings(String region, String accountId, String dnsDomain, String publicBindAddress,
                          String internalAddressPrefix, String vpcId, AccountLimits limits,
                          Predicate<String> addressTakenOnHost, NodeInstance nodeInstance) {
    /** Validates the fields. */
    public ElbSettings {
        Check.that(region != null && region.matches("[a-z0-9-]{1,32}"), "region", region, "a region such as us-east-1");
        Check.that(accountId != null && accountId.matches("\\d{12}"), "accountId", accountId, "12 digits");
        Check.text("dnsDomain", dnsDomain);
        Check.text("publicBindAddress", publicBindAddress);
        Check.that(internalAddressPrefix != null && internalAddressPrefix.matches("\\d+\\.\\d+\\.\\d+\\."),
                "internalAddressPrefix", internalAddressPrefix, "the first three octets and a dot, e.g. 127.0.10.");
        Check.text("vpcId", vpcId);
        Check.present("limits", limits);
        Check.present("addressTakenOnHost", addressTakenOnHost);
    }

    /**
     * Defaults for local use: us-east-1, account 000000000000, DNS under {@code localhost}; internal addresses are
     * checked against this server's load balancers only.
     */
    public static ElbSettings defaults(String publicBindAddress) {
        return new ElbSettings("us-east-1", "000000000000", "localhost", publicBindAddress, "127.0.10.",
                "vpc-0ba11a570000000", AccountLimits.defaults(), address -> false, null);
    }

    /** The addresses internet-facing load balancers bind ({@code publicBindAddress} is the --public-address text). */
    public PublicAddresses publicAddresses() {
        return PublicAddresses.parse(publicBindAddress);
    }

    /** These settings with internal addresses also checked against the host by {@code takenOnHost}. */
    public ElbSettings withAddressTakenOnHost(Predicate<String> takenOnHost) {
        return new ElbSettings(region, accountId, dnsDomain, publicBindAddress, internalAddressPrefix, vpcId, limits,
                takenOnHost, nodeInstance);
    }

    /** These settings with this server being {@code instance}. */
    public ElbSettings withNodeInstance(NodeInstance instance) {
        return new ElbSettings(region, accountId, dnsDomain, publicBindAddress, internalAddressPrefix, vpcId, limits,
                addressTakenOnHost, instance);
    }

    /** The instances instance targets may name, id → address: this server's, when it is one. */
    public TargetAddresses targetAddresses() {
        return nodeInstance == null ? TargetAddresses.none()
                : TargetAddresses.of(Map.of(nodeInstance.id(), nodeInstance.address()));
    }
}
