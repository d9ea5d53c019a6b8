package dev.ballast.etcd;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.cluster.Membership;
import java.util.List;

/**
 * The live nodes of a {@link NodeRegistry} as the ECS scheduler places tasks on them.
 *
 * <p>Thread-safe (the registry is).
 */
public final class NodeMembership implements Membership {
    private final NodeRegistry registry;

    /** The members {@code registry} follows. */
    public NodeMembership(NodeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ClusterMember self() {
        return member(registry.self());
    }

    @Override
    public List<ClusterMember> live() {
        return registry.live().stream().map(NodeMembership::member).toList();
    }

    @Override
    public void onChange(Runnable listener) {
        registry.onChange(listener);
    }

    private static ClusterMember member(NodeRecord node) {
        return new ClusterMember(node.name(), node.address(), node.instanceId(), node.profile());
    }
}
