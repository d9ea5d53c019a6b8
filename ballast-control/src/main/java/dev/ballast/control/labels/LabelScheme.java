package dev.ballast.control.labels;

import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import java.util.Locale;

/**
 * The scheme of a port label ({@code tcp://slb_redis_app:6379}): which listener protocol it asks for and on which
 * kind of load balancer.
 *
 * <p>Thread-safe (enum).
 */
public enum LabelScheme {
    HTTP(Protocol.HTTP, LoadBalancerType.APPLICATION),
    HTTPS(Protocol.HTTPS, LoadBalancerType.APPLICATION),
    TCP(Protocol.TCP, LoadBalancerType.NETWORK),
    UDP(Protocol.UDP, LoadBalancerType.NETWORK);

    private final Protocol protocol;
    private final LoadBalancerType loadBalancerType;

    LabelScheme(Protocol protocol, LoadBalancerType loadBalancerType) {
        this.protocol = protocol;
        this.loadBalancerType = loadBalancerType;
    }

    /** The scheme written {@code text} (any case), or null. */
    static LabelScheme parse(String text) {
        for (LabelScheme scheme : values()) {
            if (scheme.wire().equals(text.toLowerCase(Locale.ROOT))) {
                return scheme;
            }
        }
        return null;
    }

    /** How labels write it: {@code tcp}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The listener (and created target group) protocol. */
    public Protocol protocol() {
        return protocol;
    }

    /**
     * The protocol of the target group the provider creates for this scheme: the listener's, except that an HTTPS
     * listener terminates TLS and forwards plain HTTP (what a container's port usually serves).
     */
    public Protocol targetProtocol() {
        return this == HTTPS ? Protocol.HTTP : protocol;
    }

    /** The ELBv2 load balancer type that has listeners of this protocol. */
    public LoadBalancerType loadBalancerType() {
        return loadBalancerType;
    }

    /** True when an existing listener of {@code listenerProtocol} serves this scheme (TCP_UDP serves tcp and udp). */
    public boolean servedBy(Protocol listenerProtocol) {
        return listenerProtocol == protocol
                || (listenerProtocol == Protocol.TCP_UDP && (this == TCP || this == UDP));
    }
}
