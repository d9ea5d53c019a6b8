package dev.ballast.server;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import java.util.Locale;

/**
 * Whether a name is the DNS name of a load balancer the data plane serves (or its {@code dualstack.} form), for
 * Route 53 alias records, which may only target what exists.
 *
 * <p>Thread-safe (stateless).
 */
final class ServedLoadBalancerNames {
    private ServedLoadBalancerNames() {}

    /** True when {@code dnsName} (absolute, lower case) names one of {@code snapshot}'s load balancers. */
    static boolean serves(ConfigSnapshot snapshot, String dnsName) {
        String name = dnsName.startsWith("dualstack.") ? dnsName.substring("dualstack.".length()) : dnsName;
        for (LoadBalancer lb : snapshot.loadBalancers().values()) {
            if (lb.dnsName() != null && (lb.dnsName().toLowerCase(Locale.ROOT) + ".").equals(name)) {
                return true;
            }
        }
        return false;
    }
}
