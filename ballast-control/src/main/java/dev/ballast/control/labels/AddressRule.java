package dev.ballast.control.labels;

import dev.ballast.control.elbv2.NodeInstance;
import dev.ballast.control.elbv2.TargetGroupCommands.TargetRef;

/**
 * Where a labelled container port is reached from this host: the published host port when the port is published
 * (on its address, {@code 127.0.0.1} for all addresses), else {@code 127.0.0.1} and the container port in host
 * network mode, else the container's IP and the container port. An {@code instance} target group gets this node's
 * instance and the published host port.
 *
 * <p>Thread-safe (stateless).
 */
final class AddressRule {
    private AddressRule() {}

    /**
     * Sets {@code o.target} for {@code port}; returns why there is none, or null.
     *
     * @param node this node's instance for an instance target group, null for an {@code ip} target
     */
    static String apply(LabelOutcome o, PortLabel port, boolean instanceGroup, NodeInstance node) {
        LabelledContainer c = o.container;
        String protocol = port.scheme() == LabelScheme.UDP ? "udp" : "tcp";
        LabelledContainer.HostPort published = c.published().get(port.containerPort() + "/" + protocol);
        if (instanceGroup) {
            if (node == null || published == null) {
                return "the target group is of type instance: publish port " + port.containerPort()
                        + " (docker run -p) so this node's instance reaches it";
            }
            o.target = new TargetRef(node.id(), published.port(), null);
        } else if (published != null) {
            o.target = new TargetRef(published.ip(), published.port(), null);
        } else if (c.hostNetwork()) {
            o.target = new TargetRef("127.0.0.1", port.containerPort(), null);
        } else if (c.address() != null) {
            o.target = new TargetRef(c.address(), port.containerPort(), null);
        } else {
            return "the container has no IP address and does not publish port " + port.containerPort();
        }
        return null;
    }
}
