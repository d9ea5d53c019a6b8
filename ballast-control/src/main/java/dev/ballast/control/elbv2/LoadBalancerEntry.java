package dev.ballast.control.elbv2;

import dev.ballast.core.model.LoadBalancer;
import java.util.List;

/**
 * A load balancer as the API knows it: the data-plane model plus the fields only the API shows.
 *
 * @param subnets subnet ids, each standing for an availability zone of the load balancer
 * @param ipAddressType {@code ipv4}, {@code dualstack} or {@code dualstack-without-public-ipv4}
 * @param createdAt creation time, epoch milliseconds
 *
 * <p>Thread-safe (immutable).
 */
public record LoadBalancerEntry(LoadBalancer model, List<String> subnets, List<String> securityGroups,
                                String ipAddressType, long createdAt, Tags tags) {
    /** Copies the lists. */
    public LoadBalancerEntry {
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
        tags = tags == null ? Tags.NONE : tags;
    }

    /** The ARN. */
    public String arn() {
        return model.arn();
    }

    /** This entry with another model. */
    public LoadBalancerEntry with(LoadBalancer newModel) {
        return new LoadBalancerEntry(newModel, subnets, securityGroups, ipAddressType, createdAt, tags);
    }

    /** This entry with other tags. */
    public LoadBalancerEntry with(Tags newTags) {
        return new LoadBalancerEntry(model, subnets, securityGroups, ipAddressType, createdAt, newTags);
    }
}
