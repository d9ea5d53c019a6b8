package dev.ballast.proxy.l4;

import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.proxy.HostSockets;
import dev.ballast.proxy.ListeningSockets;
import dev.ballast.proxy.ProxyCounters;
import dev.ballast.proxy.ProxyOptions;
import dev.ballast.proxy.Transport;
import dev.ballast.proxy.tls.ServerContexts;
import dev.ballast.proxy.ClientAdmission;
import dev.ballast.proxy.ConnectionSetup;
import dev.ballast.proxy.accesslog.AccessLogWriter;
import dev.ballast.proxy.tls.TlsFrontend;
import dev.ballast.proxy.metrics.DataPlaneMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of network load balancers: binds a TCP socket for TCP and TLS listeners (TLS ones terminate TLS,
 * {@link TlsFrontend}, and relay the plaintext), a UDP socket for UDP
 * listeners and both on one port for TCP_UDP listeners, and follows snapshots in two steps ({@link #prepare} binds
 * what is new, {@link Plan#commit} publishes the new configuration and unbinds what is gone), so the caller can
 * bind its own listeners in between and back out of everything if one bind fails. A socket that stays is never
 * rebound and its open connections and flows are never dropped by a configuration change.
 *
 * <p>Thread-safe: {@link #prepare} and {@link Plan} are used by the single writer; traffic runs on the event loops.
 */
public final class L4Listeners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(L4Listeners.class);
    private static final HostSockets HOST_SOCKETS = new HostSockets();
    /** Pause reading from one side when the other side has this much unwritten data (backpressure). */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    private static final String UNHEALTHY_TERMINATION = "target_health_state.unhealthy.connection_termination.enabled";
    private static final String UNHEALTHY_DRAINING_INTERVAL = "target_health_state.unhealthy.draining_interval_seconds";

    private final EventLoopGroup group;
    private final int eventLoops;
    private final L4Context context;
    private final ServerContexts tlsContexts;
    private final DataPlaneMetrics metrics;
    private volatile Map<String, L4Socket> sockets = Map.of();
    private volatile Map<String, List<String>> listenerSockets = Map.of();
    private volatile ConfigSnapshot snapshot = ConfigSnapshot.empty();

    /**
     * Network listeners on their own event loops ({@code options}' count, epoll when available), routing by
     * {@code health}. Epoll keeps half-closed relays working through {@link Transport#best()}'s handler.
     */
    public L4Listeners(ProxyOptions options, ProxyCounters counters, TargetHealthTracker health,
                       DataPlaneMetrics metrics, ServerContexts tlsContexts, AccessLogWriter accessLogs) {
        this.metrics = metrics;
        Transport transport = Transport.best();
        this.eventLoops = options.resolvedEventLoops();
        this.group = transport.newGroup(eventLoops, "ballast-l4");
        this.context = new L4Context(transport, options, counters, health, new L4Connections(), accessLogs,
                new TcpTargetConnector(transport, options.connectTimeout()));
        this.tlsContexts = tlsContexts;
    }

    /** The result of {@link #prepare}: new sockets are bound; nothing else has changed yet. */
    public final class Plan {
        private final ConfigSnapshot next;
        private final Map<String, L4ListenerConfig> wanted;
        private final Map<String, L4Socket> added;
        private final Map<String, List<String>> keys;

        private Plan(ConfigSnapshot next, Map<String, L4ListenerConfig> wanted, Map<String, L4Socket> added,
                     Map<String, List<String>> keys) {
            this.next = next;
            this.wanted = wanted;
            this.added = added;
            this.keys = keys;
        }

        /** Publishes the new configuration to every socket and unbinds the sockets no listener wants any more. */
        public void commit() {
            Map<String, L4Socket> current = sockets;
            Map<String, L4Socket> result = new HashMap<>();
            wanted.forEach((key, config) -> {
                L4Socket socket = added.containsKey(key) ? added.get(key) : current.get(key);
                socket.publish(config);
                result.put(key, socket);
            });
            sockets = Map.copyOf(result);
            listenerSockets = Map.copyOf(keys);
            snapshot = next;
            current.forEach((key, socket) -> {
                if (!result.containsKey(key)) {
                    socket.unbind();
                    LOG.info("network listener socket {} unbound", key);
                }
            });
        }

        /** Unbinds the sockets this plan bound; the previous configuration stays in force. */
        public void abandon() {
            added.values().forEach(L4Socket::unbind);
        }
    }

    /**
     * Binds the sockets {@code next} needs that are not bound yet. If one cannot be bound, those bound here are
     * unbound again and this throws; nothing changes.
     */
    public Plan prepare(ConfigSnapshot next) {
        Map<String, L4ListenerConfig> wanted = new LinkedHashMap<>();
        Map<String, List<String>> keys = new HashMap<>();
        for (Listener listener : next.listeners().values()) {
            LoadBalancer lb = next.loadBalancer(listener.loadBalancerArn());
            if (lb.type() != LoadBalancerType.NETWORK || !listener.protocol().isNetwork()) {
                continue;
            }
            L4ListenerConfig config = L4ListenerConfig.compile(next, listener, metrics.loadBalancer(lb), tlsContexts,
                    context.counters());
            List<String> socketKeys = new ArrayList<>();
            if (listener.protocol().carriesTcp()) {
                socketKeys.add(L4Socket.key(L4Socket.Kind.TCP, lb.bindAddress(), listener.port()));
            }
            if (listener.protocol().carriesUdp()) {
                socketKeys.add(L4Socket.key(L4Socket.Kind.UDP, lb.bindAddress(), listener.port()));
            }
            socketKeys.forEach(k -> wanted.put(k, config));
            keys.put(listener.arn(), List.copyOf(socketKeys));
        }
        Map<String, L4Socket> current = sockets;
        Map<String, L4Socket> added = new HashMap<>();
        try {
            for (var entry : wanted.entrySet()) {
                if (!current.containsKey(entry.getKey())) {
                    added.put(entry.getKey(), bind(entry.getKey(), entry.getValue()));
                }
            }
        } catch (RuntimeException e) {
            added.values().forEach(L4Socket::unbind);
            throw e;
        }
        return new Plan(next, wanted, added, keys);
    }

    /** The address of the first socket of listener {@code listenerArn} (TCP before UDP), or null. */
    public InetSocketAddress boundAddress(String listenerArn) {
        List<String> keys = listenerSockets.get(listenerArn);
        if (keys == null) {
            return null;
        }
        for (String key : keys) {
            L4Socket socket = sockets.get(key);
            InetSocketAddress address = socket == null ? null : socket.localAddress();
            if (address != null) {
                return address;
            }
        }
        return null;
    }

    /**
     * The deregistration delay of {@code target} in group {@code targetGroupArn} ended: when the group has
     * {@code deregistration_delay.connection_termination.enabled}, its open connections are reset and its UDP
     * flows forgotten; otherwise they continue until they end or go idle.
     */
    public void drainingEnded(String targetGroupArn, Target target) {
        TargetGroup group = snapshot.targetGroup(targetGroupArn);
        if (group != null && group.isNetwork() && group.attributes().connectionTerminationOnDeregistration()) {
            int cut = context.connections().terminate(targetGroupArn, target.key());
            if (cut > 0) {
                LOG.info("terminated {} connections to deregistered target {} of {}", cut, target.key(),
                        group.name());
            }
        }
    }

    /**
     * {@code target} of group {@code targetGroupArn} turned unhealthy. With the group's
     * {@code target_health_state.unhealthy.connection_termination.enabled} (AWS's default) its connections and flows
     * are terminated at once; with it off and {@code target_health_state.unhealthy.draining_interval_seconds} above
     * 0 they are terminated after that interval if the target is still unhealthy; otherwise they stay. A target
     * that stays routable because its group fails open keeps its connections.
     */
    public void becameUnhealthy(String targetGroupArn, Target target, boolean stillRoutable) {
        TargetGroup group = snapshot.targetGroup(targetGroupArn);
        if (group == null || !group.isNetwork() || stillRoutable) {
            return;
        }
        Map<String, String> attributes = group.attributes().values();
        if (Boolean.parseBoolean(attributes.getOrDefault(UNHEALTHY_TERMINATION, "true"))) {
            terminateUnhealthy(targetGroupArn, target);
            return;
        }
        int interval = Integer.parseInt(attributes.getOrDefault(UNHEALTHY_DRAINING_INTERVAL, "0"));
        if (interval > 0) {
            this.group.next().schedule(() -> {
                var health = context.health().view().health(targetGroupArn, target).state();
                if (health == dev.ballast.core.health.TargetHealthState.UNHEALTHY) {
                    terminateUnhealthy(targetGroupArn, target);
                }
            }, interval, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void terminateUnhealthy(String targetGroupArn, Target target) {
        int cut = context.connections().terminate(targetGroupArn, target.key());
        if (cut > 0) {
            LOG.info("terminated {} connections to unhealthy target {}", cut, target.key());
        }
    }

    /** The number of open TCP connections and UDP flows to {@code target} of group {@code targetGroupArn}. */
    public int openFlows(String targetGroupArn, Target target) {
        return context.connections().count(targetGroupArn, target.key());
    }

    /** Unbinds every socket and stops the event loops, which closes every connection. */
    @Override
    public void close() {
        sockets.values().forEach(L4Socket::unbind);
        sockets = Map.of();
        listenerSockets = Map.of();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private L4Socket bind(String key, L4ListenerConfig config) {
        L4Socket.Kind kind = key.startsWith("tcp/") ? L4Socket.Kind.TCP : L4Socket.Kind.UDP;
        L4Socket socket = new L4Socket(key, kind, config);
        String hostPort = key.substring(4);
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
        java.util.function.Function<Throwable, RuntimeException> failure = cause -> HOST_SOCKETS.bindFailure(
                kind == L4Socket.Kind.TCP ? "tcp" : "udp", address.getHostString(), address.getPort(), cause);
        if (kind == L4Socket.Kind.TCP) {
            socket.channels(ListeningSockets.bind(tcpBootstrap(socket), group, context.transport(), eventLoops,
                    address, failure));
        } else {
            ChannelFuture future = bindUdp(socket, address).awaitUninterruptibly();
            if (!future.isSuccess()) {
                throw failure.apply(future.cause());
            }
            socket.channels(List.of(future.channel()));
        }
        LOG.info("network listener socket {} bound", key);
        return socket;
    }

    private ServerBootstrap tcpBootstrap(L4Socket socket) {
        Supplier<L4ListenerConfig> current = socket::current;
        return new ServerBootstrap()
                .channel(context.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false) // nothing is read before the target is connected
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ConnectionSetup() {
                    @Override
                    protected void setUp(Channel ch) {
                        L4ListenerConfig accepted = socket.current();
                        if (!ClientAdmission.admit(ch, accepted.tcpClients(), accepted.metrics())) {
                            return;
                        }
                        if (accepted.tls() == null) {
                            if (accepted.accessLog() != null && context.accessLogs() != null) {
                                ch.pipeline().addLast("connection-log", new ConnectionLog(ch, accepted, context,
                                        "tcp"));
                            }
                            ch.pipeline().addLast(new TcpFrontendHandler(current, context));
                            return;
                        }
                        // A TLS listener completes the handshake before it chooses and connects a target.
                        ch.config().setAutoRead(true);
                        TlsFrontend.install(ch.pipeline(), () -> socket.current().tls(), context.counters(),
                                (pipeline, protocol) -> {
                                    pipeline.channel().config().setAutoRead(false);
                                    pipeline.addLast(new TcpFrontendHandler(current, context));
                                    return true;
                                });
                        if (accepted.accessLog() != null && context.accessLogs() != null) {
                            // between TLS and the relay: it sees the handshake's outcome and the plaintext
                            ch.pipeline().addAfter(TlsFrontend.TLS_HANDLER, "tls-connection-log",
                                    new TlsConnectionLog(ch, accepted, context));
                        }
                    }
                });
    }

    private ChannelFuture bindUdp(L4Socket socket, InetSocketAddress address) {
        return new Bootstrap()
                .group(group)
                .channel(context.transport().datagramChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .handler(new UdpFrontendHandler(socket::current, context))
                .bind(address);
    }
}
