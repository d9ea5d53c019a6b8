package dev.ballast.proxy.l4;

import dev.ballast.core.balancing.TargetSelector;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.ListenerTls;
import dev.ballast.core.model.ServerCertificate;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.proxy.ProxyOptions;
import dev.ballast.proxy.ProxyServer;
import dev.ballast.proxy.health.HealthCheckScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A network load balancer on 127.0.0.1 with one listener forwarding to one target group, wired as the server
 * wires it: health tracker, probe scheduler, proxy. Tests change the group's targets and attributes and the
 * listener's protocol and attributes, and publish.
 *
 * <p>Not thread-safe: a test drives it from one thread.
 */
final class L4Fixture implements AutoCloseable {
    static final String LB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/nlb/1";
    static final String LISTENER = LB.replace(":loadbalancer/", ":listener/") + "/1";
    static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/backends/1";

    final TargetHealthTracker tracker;
    final HealthCheckScheduler scheduler;
    final ProxyServer proxy;
    final int port;
    private final AtomicLong revision = new AtomicLong();
    Protocol protocol = Protocol.TCP;
    Map<String, String> listenerAttributes = new HashMap<>();
    Map<String, String> groupAttributes = new HashMap<>();
    HealthCheck healthCheck = new HealthCheck(false, Protocol.TCP, null, null, 30, 10, 5, 2, null);
    List<Target> targets = List.of();
    /** A TLS listener's certificates and policy (with {@code protocol} TLS); null otherwise. */
    ListenerTls tls;
    List<ServerCertificate> certificates = List.of();
    /** The target group's protocol; null: the listener's. */
    Protocol groupProtocolOverride;

    L4Fixture() {
        this(Clock.systemUTC());
    }

    L4Fixture(Clock clock) {
        ProxyOptions options = new ProxyOptions(2, ProxyOptions.DEFAULT_CONNECT_TIMEOUT, clock, null, 64,
                ProxyOptions.DEFAULT_REQUEST_HEAD_TIMEOUT);
        tracker = new TargetHealthTracker(clock);
        scheduler = new HealthCheckScheduler(tracker, options.random(), 1);
        proxy = new ProxyServer(options, new TargetSelector(options.random(), tracker), tracker);
        port = freePort();
    }

    /** Publishes the current settings with {@code registered} as the group's targets. */
    L4Fixture publish(List<Target> registered) {
        targets = List.copyOf(registered);
        Protocol groupProtocol = groupProtocolOverride != null ? groupProtocolOverride
                : protocol == Protocol.TCP_UDP ? Protocol.TCP_UDP : protocol;
        TargetGroup group = new TargetGroup(GROUP, "backends", groupProtocol, 9, null, healthCheck,
                TargetGroupAttributes.defaultsFor(groupProtocol).with(groupProtocol, groupAttributes), targets);
        LoadBalancer lb = new LoadBalancer(LB, "nlb", LoadBalancerType.NETWORK, Scheme.INTERNAL, null, "127.0.0.1",
                null);
        Listener listener = new Listener(LISTENER, LB, protocol, port, Action.Forward.to(GROUP), List.of(),
                listenerAttributes, tls);
        ConfigSnapshot snapshot = new ConfigSnapshot(revision.incrementAndGet(), List.of(lb), List.of(listener),
                List.of(group), TargetAddresses.none(), certificates);
        scheduler.apply(snapshot); // the tracker learns the snapshot first, then the proxy routes by it
        proxy.apply(snapshot);
        return this;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    static Target target(int port) {
        return new Target("127.0.0.1", port);
    }

    /** A port free for both TCP and UDP on 127.0.0.1 at the time of the call. */
    static int freePort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                    return port;
                } catch (IOException inUse) {
                    // the UDP port is taken; try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP");
    }

    @Override
    public void close() {
        scheduler.close();
        proxy.close();
    }
}
