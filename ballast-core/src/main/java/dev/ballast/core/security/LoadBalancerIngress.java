package dev.ballast.core.security;

import java.util.List;

/**
 * The inbound rules of a load balancer's security groups, resolved to address blocks: a client may connect to a
 * listener only if a rule covers the listener's protocol and port and the client's address. A load balancer with no
 * entry in the snapshot admits every client.
 *
 * <p>Thread-safe (immutable).
 */
public record LoadBalancerIngress(List<IngressRule> rules) {
    /** Copies the list. */
    public LoadBalancerIngress {
        rules = List.copyOf(rules);
    }

    /** The compiled check for {@code protocol} ({@code tcp} or {@code udp}) clients of listener port {@code port}. */
    public ClientMatcher matcher(String protocol, int port) {
        return ClientMatcher.compile(rules, protocol, port);
    }
}
