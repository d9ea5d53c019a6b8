package dev.ballast.control;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The routing mesh of cluster mode: every node binds every load balancer's listeners on its own node address,
 * whatever address the load balancer was stored with (internal ones get a loopback address of their own on one
 * node, which means nothing on another). Two load balancers with a listener on the same port therefore cannot both
 * be served by a cluster; the snapshot that would bind both is refused as on one node.
 *
 * <p>Thread-safe (immutable).
 */
public final class NodePlacement implements UnaryOperator<ConfigSnapshot> {
    private final String nodeAddress;

    /** Places every load balancer on {@code nodeAddress}. */
    public NodePlacement(String nodeAddress) {
        this.nodeAddress = nodeAddress;
    }

    @Override
    public ConfigSnapshot apply(ConfigSnapshot s) {
        List<LoadBalancer> placed = s.loadBalancers().values().stream()
                .map(m -> new LoadBalancer(m.arn(), m.name(), m.type(), m.scheme(), m.dnsName(), nodeAddress,
                        m.attributes()))
                .toList();
        return new ConfigSnapshot(s.revision(), placed, s.listeners().values(), s.targetGroups().values(),
                s.targetAddresses(), s.certificates().values());
    }
}
