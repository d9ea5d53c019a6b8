package dev.ballast.control.cluster;

import java.util.List;

/**
 * The nodes of a cluster that are alive now (their lease in the shared store is kept alive), as the ECS scheduler
 * sees them to place tasks and to notice a node that left.
 *
 * <p>Implementations are thread-safe.
 */
public interface Membership {
    /** This node. */
    ClusterMember self();

    /** The live nodes, this one included once it has registered, by name. */
    List<ClusterMember> live();

    /** Runs {@code listener} whenever a node joins or leaves. */
    void onChange(Runnable listener);
}
