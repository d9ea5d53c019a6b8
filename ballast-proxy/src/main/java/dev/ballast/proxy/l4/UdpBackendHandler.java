package dev.ballast.proxy.l4;

import dev.ballast.core.model.Target;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * The target side of a UDP flow: passes the target's datagrams back to the flow. An ICMP "port unreachable"
 * (the socket reports the connection refused) ends the flow and keeps the target out of routing until its next
 * passing health check, as a refused TCP connection does.
 *
 * <p>Not thread-safe: one instance per flow, used on the listener's event loop.
 */
final class UdpBackendHandler extends ChannelInboundHandlerAdapter {
    private final UdpFlow flow;
    private final String targetGroupArn;
    private final Target target;
    private final L4Context context;

    UdpBackendHandler(UdpFlow flow, String targetGroupArn, Target target, L4Context context) {
        this.flow = flow;
        this.targetGroupArn = targetGroupArn;
        this.target = target;
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            flow.fromTarget(packet.content(), context.options().clock().millis());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        context.counters().increment("l4.udp.target_unreachable");
        context.health().reportConnectFailure(targetGroupArn, target);
        flow.close();
    }
}
