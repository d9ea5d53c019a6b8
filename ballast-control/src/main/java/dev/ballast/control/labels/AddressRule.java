package dev.ballast.control.labels;

import dev.ballast.control.elbv2.NodeInstance;
import dev.ballast.control.elbv2.TargetGroupCommands.TargetRef;

/**
 * Where a labelled container port is reached. On a server alone: the published host port when the port is published
 * (on its address, {@code 127.0.0.1} for all addresses), else {@code 127.0.0.1} and the container port in host
 * network mode, else the container's IP and the container port. On a cluster node every other node must reach the
 * target too, so only what the node serves on its {@code --node-address} counts: a port published on all addresses
 * or on the node's address is the node's address and the host port, host network mode is the node's address and the
 * container port; a port published on loopback, or a container's address on its bridge, is reached from this node
 * alone and waits with the reason. An {@code instance} target group gets this node's instance and the published host
 * port.
 *
 * <p>Thread-safe (immutable).
 */
final class AddressRule {
    private final String nodeAddress;
    private final boolean cluster;

    private AddressRule(String nodeAddress, boolean cluster) {
        this.nodeAddress = nodeAddress;
        this.cluster = cluster;
    }

    /** The rule of a server alone: host ports on all addresses are reached on {@code 127.0.0.1}. */
    static AddressRule alone() {
        return new AddressRule(NodeInstance.TASK_PORTS_ADDRESS, false);
    }

    /** The rule of a cluster node whose {@code --node-address} is {@code nodeAddress}. */
    static AddressRule clusterNode(String nodeAddress) {
        return new AddressRule(nodeAddress, true);
    }

    /**
     * Sets {@code o.target} for {@code port}; returns why there is none, or null.
     *
     * @param node this node's instance for an instance target group, null for an {@code ip} target
     */
    String apply(LabelOutcome o, PortLabel port, boolean instanceGroup, NodeInstance node) {
        LabelledContainer c = o.container;
        String protocol = port.scheme() == LabelScheme.UDP ? "udp" : "tcp";
        LabelledContainer.HostPort published = c.published().get(port.containerPort() + "/" + protocol);
        if (instanceGroup) {
            if (node == null || published == null) {
                return "the target group is of type instance: publish port " + port.containerPort()
                        + " (docker run -p) so this node's instance reaches it";
            }
            if (cluster && published.ip() != null && !published.ip().equals(nodeAddress)) {
                return onlyHere(port, "it is published on " + published.ip());
            }
            o.target = new TargetRef(node.id(), published.port(), null);
        } else if (published != null) {
            String ip = published.ip() == null ? nodeAddress : published.ip();
            if (cluster && isLoopback(ip) && !ip.equals(nodeAddress)) {
                return onlyHere(port, "it is published on " + ip);
            }
            o.target = new TargetRef(ip, published.port(), null);
        } else if (c.hostNetwork()) {
            o.target = new TargetRef(nodeAddress, port.containerPort(), null);
        } else if (cluster) {
            return onlyHere(port, "its address on the container's network answers on this node alone");
        } else if (c.address() != null) {
            o.target = new TargetRef(c.address(), port.containerPort(), null);
        } else {
            return "the container has no IP address and does not publish port " + port.containerPort();
        }
        return null;
    }

    /** Why a port only this node reaches cannot be a cluster's target, and how to publish it instead. */
    private String onlyHere(PortLabel port, String why) {
        return "port " + port.containerPort() + " is reached from this node only (" + why + "): publish it on all "
                + "addresses or on the node address " + nodeAddress + " (docker run -p " + nodeAddress + "::"
                + port.containerPort() + ") so every node reaches it";
    }

    private static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1");
    }
}
