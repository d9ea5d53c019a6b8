package dev.ballast.proxy;

import dev.ballast.core.security.ClientMatcher;
import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;

/**
 * The security group check on a client connection as it is accepted: a client the load balancer's groups do not
 * admit is closed at once (with a reset, as nothing was read) and counted as RejectedConnectionCount.
 *
 * <p>Thread-safe (stateless); runs on the accepting event loop.
 */
public final class ClientAdmission {
    private ClientAdmission() {}

    /** True if {@code ch}'s client may connect; otherwise closes it, counts it and answers false. */
    public static boolean admit(Channel ch, ClientMatcher clients, LoadBalancerMetrics metrics) {
        if (clients.admitsAll() || ch.remoteAddress() instanceof InetSocketAddress remote
                && clients.admits(remote.getAddress())) {
            return true;
        }
        metrics.connectionRejected();
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.close();
        return false;
    }
}
