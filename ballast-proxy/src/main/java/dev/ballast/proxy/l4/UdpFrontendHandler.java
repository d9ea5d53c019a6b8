package dev.ballast.proxy.l4;

import dev.ballast.core.model.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The socket of a UDP listener of a network load balancer: each datagram belongs to the flow of its source
 * address and port; the first datagram of a flow chooses the target by flow hash, and the flow sticks to it while
 * it is active. A flow that sees no datagram either way for the UDP idle timeout (120 s, as AWS) is forgotten; a
 * later datagram starts a new flow.
 *
 * <p>Not thread-safe: one instance per listener socket, confined to that socket's event loop.
 */
final class UdpFrontendHandler extends ChannelInboundHandlerAdapter {
    /** AWS's idle timeout of UDP flows. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);
    private static final long SWEEP_MILLIS = 1000;

    private final Supplier<L4ListenerConfig> config;
    private final L4Context context;
    private final Map<InetSocketAddress, UdpFlow> flows = new HashMap<>();
    private ScheduledFuture<?> sweeper;

    UdpFrontendHandler(Supplier<L4ListenerConfig> config, L4Context context) {
        this.config = config;
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sweeper = ctx.channel().eventLoop().scheduleAtFixedRate(this::expireIdle, SWEEP_MILLIS, SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        long now = context.options().clock().millis();
        UdpFlow flow = flows.get(packet.sender());
        if (flow == null) {
            flow = open(ctx.channel(), packet.sender(), now);
            if (flow == null) {
                packet.release();
                return;
            }
        }
        if (!flow.fromClient(packet.content(), now)) {
            context.counters().increment("l4.udp.dropped");
        }
    }

    private UdpFlow open(Channel listener, InetSocketAddress client, long now) {
        L4ListenerConfig current = config.get();
        if (!current.udpClients().admits(client.getAddress())) {
            // a flow the security groups refuse: its datagrams are dropped, as a security group drops them
            current.metrics().connectionRejected();
            return null;
        }
        InetSocketAddress local = (InetSocketAddress) listener.localAddress();
        Target target = current.choose(context.health(), client, local, L4ListenerConfig.IPPROTO_UDP);
        if (target == null) {
            context.counters().increment("l4.udp.no_target");
            return null;
        }
        InetSocketAddress address = current.addressOf(target);
        if (address == null) {
            context.counters().increment("l4.udp.target_unresolvable");
            return null;
        }
        if (!current.udpTargets().reaches(address.getAddress(), address.getPort())) {
            context.counters().increment("l4.udp.egress_blocked"); // no outbound rule allows it: never sent
            return null;
        }
        context.counters().increment("l4.udp.flow_opened");
        Runnable[] forget = new Runnable[1];
        UdpFlow flow = new UdpFlow(client, listener, current.proxyProtocol(), now, () -> {
            flows.remove(client);
            forget[0].run();
        });
        forget[0] = context.connections().register(current.group().arn(), target.key(), flow);
        flows.put(client, flow);
        ChannelFuture connect = new Bootstrap()
                .group(listener.eventLoop())
                .channel(context.transport().datagramChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new UdpBackendHandler(flow, current.group().arn(), target, context));
                    }
                })
                .connect(address);
        flow.connecting(connect);
        return flow;
    }

    private void expireIdle() {
        long now = context.options().clock().millis();
        long idle = IDLE_TIMEOUT.toMillis();
        for (UdpFlow flow : new ArrayList<>(flows.values())) {
            if (flow.idleSince(now, idle)) {
                context.counters().increment("l4.udp.flow_expired");
                flow.close();
            }
        }
    }

    /** The number of active flows (for tests and metrics). */
    int flowCount() {
        return flows.size();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        new ArrayList<>(flows.values()).forEach(UdpFlow::close); // answers can no longer reach their clients
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        context.counters().increment("l4.udp.listener_error"); // a datagram socket keeps serving after an error
    }
}
