package dev.ballast.server;

import dev.ballast.dns.HostResolvers;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Which of Ballast's DNS listeners forward names outside Ballast's zones, and to which resolvers
 * ({@code --dns-forward}, {@code --dns-upstream}). Ballast is authoritative for its zones; forwarding the rest lets a
 * client use Ballast as its only resolver, as containers do.
 *
 * <p>Thread-safe (immutable).
 *
 * @param mode which listeners forward
 * @param upstreams the resolvers forwarded to, in order; empty for the host's ({@code /etc/resolv.conf})
 */
public record DnsForwarding(Mode mode, List<InetSocketAddress> upstreams) {
    /** The default: the listener for containers forwards to the host's resolvers, the main one refuses. */
    public static final DnsForwarding DEFAULT = new DnsForwarding(Mode.CONTAINERS, List.of());

    /** Copies the upstreams. */
    public DnsForwarding {
        upstreams = List.copyOf(upstreams);
    }

    /** Which listeners forward ({@code --dns-forward}). */
    public enum Mode {
        /** None: names outside Ballast's zones are REFUSED everywhere. */
        NONE,
        /** Only the listener containers use (on the Docker bridge's gateway). */
        CONTAINERS,
        /** Every listener, the main one ({@code --dns-address}) too. */
        ALL
    }

    /** The resolvers to forward to: {@link #upstreams}, or the host's when none were given. */
    List<InetSocketAddress> resolvers() {
        return upstreams.isEmpty() ? HostResolvers.read(HostResolvers.RESOLV_CONF) : upstreams;
    }
}
