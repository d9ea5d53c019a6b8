package dev.ballast.dns;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each DNS query datagram with one datagram (or none, for what must be dropped); a query the responder
 * leaves to the host's resolvers is answered when the {@link DnsForwarder} has their response. The packet's buffer
 * is released by the superclass after {@link #channelRead0}, whatever happens.
 *
 * <p>Thread-safe: shared by the UDP channels; it keeps no state of its own.
 */
@ChannelHandler.Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(UdpQueryHandler.class);
    private final DnsQueryResponder responder;
    private final DnsCounters counters;
    private final DnsForwarder forwarder;

    /** A handler answering with {@code responder}, forwarding with {@code forwarder} (null when it never does). */
    UdpQueryHandler(DnsQueryResponder responder, DnsCounters counters, DnsForwarder forwarder) {
        this.responder = responder;
        this.counters = counters;
        this.forwarder = forwarder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        byte[] query = ByteBufUtil.getBytes(packet.content());
        byte[] response = responder.respond(query, true);
        if (response == null) {
            counters.dropped();
            return;
        }
        counters.answered();
        if (response == DnsQueryResponder.FORWARD) {
            InetSocketAddress client = packet.sender();
            forwarder.forward(query, DnsQueryResponder.maxLength(query, true), upstream -> ctx.writeAndFlush(
                    new DatagramPacket(Unpooled.wrappedBuffer(upstream), client), ctx.voidPromise()));
            return;
        }
        // Flushed once per read batch (channelReadComplete): native epoll then sends them with one sendmmsg.
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(response), packet.sender()), ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket serves every client: an error with one datagram (e.g. ICMP unreachable) must not close it.
        counters.failed();
        LOG.debug("DNS over UDP: {}", cause.toString());
    }
}
