package dev.ballast.control.labels;

import java.util.Objects;

/**
 * Whose registrations a provider may change: the provider of one server alone, or of one cluster node. The tags that
 * record what the provider registered carry the container's short id, and in a cluster the node's name before it
 * ({@code n1/3f2a9c1b7d0e}), so that each node's provider reconciles only the targets of its own engine's containers
 * and the survivors can tell which targets a node that left had registered.
 *
 * @param node the cluster node's name ({@code --node-name}), null for a server alone
 *
 * <p>Thread-safe (immutable).
 */
record LabelOwner(String node) {
    /** The provider of a server alone. */
    static final LabelOwner ALONE = new LabelOwner(null);

    /** True for a node of a cluster. */
    boolean inCluster() {
        return node != null;
    }

    /** The value of an ownership tag for container {@code shortId}: the id, or {@code <node>/<id>} in a cluster. */
    String tagValue(String shortId) {
        return node == null ? shortId : node + "/" + shortId;
    }

    /** True when an ownership tag of value {@code tagValue} was written by this provider. */
    boolean owns(String tagValue) {
        return Objects.equals(node, nodeOf(tagValue));
    }

    /** The node an ownership tag of value {@code tagValue} names, or null (a server alone wrote it). */
    static String nodeOf(String tagValue) {
        int slash = tagValue == null ? -1 : tagValue.indexOf('/');
        return slash < 0 ? null : tagValue.substring(0, slash);
    }
}
