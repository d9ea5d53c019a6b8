package dev.ballast.proxy.l4;

import dev.ballast.core.model.Target;
import dev.ballast.proxy.tls.BackendTls;
import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * <p>Not thread-safe: one instance per accepted connection, used on its event loop.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {
    private final Supplier<L4ListenerConfig> config;
    private final L4Context context;
    private final List<Object> early = new ArrayList<>(0);
    private boolean connecting;
    /** The client's input ended before the target was connected (epoll reads it even with auto-read off). */
    private boolean inputEnded;

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

    /** Plaintext that arrived with the end of a TLS handshake, before the target was connected: held for it. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        early.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            inputEnded = true; // passed on to the relay once the target is connected
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        ctx.fireChannelInactive();
    }

    private void connect(ChannelHandlerContext ctx) {
        if (connecting) {
            return;
        }
        connecting = true;
        Channel frontend = ctx.channel();
        L4ListenerConfig current = config.get(); // read once: the connection keeps this configuration
        InetSocketAddress client = (InetSocketAddress) frontend.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) frontend.localAddress();
        Target target = current.choose(context.health(), client, local, L4ListenerConfig.IPPROTO_TCP);
        context.counters().increment("l4.tcp.accepted");
        LoadBalancerMetrics metrics = current.metrics();
        metrics.connectionOpened();
        frontend.closeFuture().addListener(f -> metrics.connectionClosed());
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
        ChannelFuture connect = new Bootstrap()
                .group(frontend.eventLoop())
                .channel(context.transport().socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) context.options().connectTimeout().toMillis())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, L4Listeners.WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel backend) {
                        if (current.tlsToTargets()) {
                            backend.pipeline().addLast(BackendTls.newHandler(backend.alloc()));
                        }
                        if (log != null) {
                            backend.pipeline().addLast(log.targetSide());
                        }
                        backend.pipeline().addLast(new TcpRelayHandler(frontend, null, metrics, false));
                    }
                })
                .connect(address);
        Channel backend = connect.channel();
        frontend.closeFuture().addListener(f -> {
            if (!connect.isDone()) {
                backend.close();
            }
        });
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
            started(ctx, current, target, backend, client, local);
        });
    }

    private void started(ChannelHandlerContext ctx, L4ListenerConfig current, Target target, Channel backend,
                         InetSocketAddress client, InetSocketAddress local) {
        Channel frontend = ctx.channel();
        Runnable forget = context.connections().register(current.group().arn(), target.key(), () -> {
            context.counters().increment("l4.tcp.terminated");
            frontend.eventLoop().execute(() -> {
                TcpRelayHandler.reset(frontend);
                TcpRelayHandler.reset(backend);
            });
        });
        frontend.closeFuture().addListener(f -> forget.run());
        if (current.proxyProtocol()) {
            backend.write(ProxyProtocolV2.proxy(backend.alloc(), true, client, local), backend.voidPromise());
        } else if (current.proxyProtocolV1()) {
            backend.write(ProxyProtocolV1.proxy(backend.alloc(), client, local), backend.voidPromise());
        }
        Runnable idleReset = () -> {
            context.counters().increment("l4.tcp.idle_reset");
            resetByLoadBalancer(current.metrics(), frontend);
            TcpRelayHandler.reset(backend);
        };
        // Activity in either direction shows on the client side: reads from the client, writes to it.
        ctx.pipeline().addLast(new IdleStateHandler(0, 0, current.idleTimeoutSeconds(), TimeUnit.SECONDS));
        ctx.pipeline().addLast(new TcpRelayHandler(backend, idleReset, current.metrics(), true));
        early.forEach(msg -> backend.write(msg, backend.voidPromise()));
        early.clear();
        ctx.pipeline().remove(this);
        backend.flush();
        backend.config().setAutoRead(true);
        if (inputEnded) {
            // The client sent everything and its FIN before the target answered the connect: the relay forwards it.
            frontend.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        } else {
            frontend.config().setAutoRead(true);
        }
    }

    /** Resets the client's connection for want of a target (TCP_ELB_Reset_Count). */
    private static void resetByLoadBalancer(LoadBalancerMetrics metrics, Channel frontend) {
        metrics.elbReset();
        TcpRelayHandler.reset(frontend);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        TcpRelayHandler.reset(ctx.channel()); // before the target is connected: nothing to pass on
    }
}
