package dev.ballast.proxy.l4;

import dev.ballast.core.model.Target;
import dev.ballast.proxy.tls.BackendTls;
import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The client side of a TCP listener of a network load balancer: at accept it chooses a target by flow hash (the
 * connection stays there), connects to it on the same event loop, sends the PROXY protocol v2 header when the group
 * asks for it (v1 for a Classic Load Balancer's backend policy), then relays bytes both ways with a {@link
 * TcpRelayHandler} on each side. A connection silent in both directions for the listener's {@code
 * tcp.idle_timeout.seconds} is reset. Behind a TLS listener it is added once the handshake is done and relays the
 * plaintext; to a TLS target group it speaks TLS, not verifying the target. No target, a target that refuses, or one
 * that the load balancer's security groups' outbound rules do not allow, resets the client's connection, as a
 * network load balancer does.
 *
 * <p>Once the target is connected this handler stays in the pipeline and hands the client side's events to its
 * {@link TcpRelayHandler}: one handler for the life of the connection instead of handlers added and removed per
 * connection (the cost of a new connection is what an NLB's connection rate measures).
 *
 * <p>Not thread-safe: one instance per accepted connection, used on its event loop.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter implements L4Connections.Terminable {
    private final Supplier<L4ListenerConfig> config;
    private final L4Context context;
    private final List<Object> early = new ArrayList<>(0);
    private boolean connecting;
    /** The client's input ended before the target was connected (epoll reads it even with auto-read off). */
    private boolean inputEnded;
    /** The client connection, from the start of the connect on. */
    private Channel frontend;
    /** The load balancer's metrics, from the start of the connect on. */
    private LoadBalancerMetrics metrics;
    /** The connection counts in ActiveConnectionCount until it closes. */
    private boolean counted;
    /** The target connection, from the start of its connect on. */
    private Channel backend;
    /** Relays the client's side once the target is connected; null before. */
    private TcpRelayHandler relay;
    /** Forgets the connection in the registry of open flows; null until it is registered there. */
    private Runnable forget;

    TcpFrontendHandler(Supplier<L4ListenerConfig> config, L4Context context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            connect(ctx); // added after a TLS handshake: channelActive has passed already
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connect(ctx);
    }

    /**
     * Relayed once the target is connected; before that, plaintext that arrived with the end of a TLS handshake is
     * held for it.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (relay != null) {
            relay.channelRead(ctx, msg);
        } else {
            early.add(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (relay != null) {
            relay.channelReadComplete(ctx);
        } else {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (relay != null) {
            relay.channelWritabilityChanged(ctx);
        } else {
            ctx.fireChannelWritabilityChanged();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (relay != null) {
            relay.userEventTriggered(ctx, evt);
        } else if (evt == ChannelInputShutdownEvent.INSTANCE) {
            inputEnded = true; // passed on to the relay once the target is connected
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            counted = false;
            metrics.connectionClosed();
        }
        if (forget != null) {
            forget.run();
            forget = null;
        }
        if (relay != null) {
            relay.channelInactive(ctx);
            return;
        }
        if (backend != null) {
            backend.close(); // still connecting
        }
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (relay != null) {
            relay.exceptionCaught(ctx, cause);
        } else {
            TcpRelayHandler.reset(ctx.channel()); // before the target is connected: nothing to pass on
        }
    }

    /** Cuts the connection (the target was deregistered or turned unhealthy); called from any thread. */
    @Override
    public void terminate() {
        context.counters().increment("l4.tcp.terminated");
        frontend.eventLoop().execute(() -> {
            TcpRelayHandler.reset(frontend);
            TcpRelayHandler.reset(backend);
        });
    }

    private void connect(ChannelHandlerContext ctx) {
        if (connecting) {
            return;
        }
        connecting = true;
        frontend = ctx.channel();
        L4ListenerConfig current = config.get(); // read once: the connection keeps this configuration
        InetSocketAddress client = (InetSocketAddress) frontend.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) frontend.localAddress();
        Target target = current.choose(context.health(), client, local, L4ListenerConfig.IPPROTO_TCP);
        context.counters().increment("l4.tcp.accepted");
        metrics = current.metrics();
        metrics.connectionOpened();
        counted = true;
        if (target == null) {
            context.counters().increment("l4.tcp.no_target");
            resetByLoadBalancer(metrics, frontend);
            return;
        }
        InetSocketAddress address = current.addressOf(target);
        if (address == null) {
            context.counters().increment("l4.tcp.target_unresolvable");
            resetByLoadBalancer(metrics, frontend);
            return;
        }
        if (!current.tcpTargets().reaches(address.getAddress(), address.getPort())) {
            // no outbound rule of the security groups allows it: never connected, as a connect that failed
            context.counters().increment("l4.tcp.egress_blocked");
            context.health().reportConnectFailure(current.group().arn(), target);
            resetByLoadBalancer(metrics, frontend);
            return;
        }
        ConnectionLog log = frontend.pipeline().get(ConnectionLog.class);
        if (log != null) {
            log.target(address);
        }
        RelayIdleTimeout idle = new RelayIdleTimeout(frontend.eventLoop(), current.idleTimeoutSeconds(),
                this::idleTimedOut);
        TcpRelayHandler targetSide = new TcpRelayHandler(frontend, idle, metrics, false);
        ChannelFuture connect = context.targets().connect(frontend.eventLoop(), address,
                targetHandlers(current.tlsToTargets(), log, targetSide));
        backend = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                context.counters().increment("l4.tcp.connect_failed");
                context.health().reportConnectFailure(current.group().arn(), target);
                resetByLoadBalancer(metrics, frontend);
                return;
            }
            if (!frontend.isActive()) {
                backend.close();
                return;
            }
            if (log != null) {
                log.connected();
            }
            started(ctx, current, target, idle, client, local);
        });
    }

    private void started(ChannelHandlerContext ctx, L4ListenerConfig current, Target target, RelayIdleTimeout idle,
                         InetSocketAddress client, InetSocketAddress local) {
        forget = context.connections().register(current.group().arn(), target.key(), this);
        if (current.proxyProtocol()) {
            backend.write(ProxyProtocolV2.proxy(backend.alloc(), true, client, local), backend.voidPromise());
        } else if (current.proxyProtocolV1()) {
            backend.write(ProxyProtocolV1.proxy(backend.alloc(), client, local), backend.voidPromise());
        }
        relay = new TcpRelayHandler(backend, idle, metrics, true);
        idle.start();
        early.forEach(msg -> backend.write(msg, backend.voidPromise()));
        early.clear();
        backend.flush();
        backend.config().setAutoRead(true);
        if (inputEnded) {
            // The client sent everything and its FIN before the target answered the connect: the relay forwards it.
            frontend.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        } else {
            frontend.config().setAutoRead(true);
        }
    }

    /** The target connection's handlers: TLS to a TLS target group, the connection log's stamp, the relay. */
    private ChannelHandler[] targetHandlers(boolean tls, ConnectionLog log, TcpRelayHandler relay) {
        if (!tls && log == null) {
            return new ChannelHandler[] {relay};
        }
        List<ChannelHandler> handlers = new ArrayList<>(3);
        if (tls) {
            handlers.add(BackendTls.newHandler(frontend.alloc()));
        }
        if (log != null) {
            handlers.add(log.targetSide());
        }
        handlers.add(relay);
        return handlers.toArray(ChannelHandler[]::new);
    }

    /** Neither side read anything for the listener's idle timeout: both connections are reset. */
    private void idleTimedOut() {
        context.counters().increment("l4.tcp.idle_reset");
        resetByLoadBalancer(metrics, frontend);
        TcpRelayHandler.reset(backend);
    }

    /** Resets the client's connection for want of a target (TCP_ELB_Reset_Count). */
    private static void resetByLoadBalancer(LoadBalancerMetrics metrics, Channel frontend) {
        metrics.elbReset();
        TcpRelayHandler.reset(frontend);
    }
}
