package dev.ballast.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS queries on one TCP connection: each frame (the length prefix already removed) is one query, answered
 * with a length-prefixed response (a forwarded one when the upstream answers); several may be in flight on one
 * connection (RFC 7766). A query that must be
 * dropped closes the connection, as does an idle timeout or an error.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(TcpQueryHandler.class);
    private final DnsQueryResponder responder;
    private final DnsCounters counters;
    private final DnsForwarder forwarder;

    /** A handler answering with {@code responder}, forwarding with {@code forwarder} (null when it never does). */
    TcpQueryHandler(DnsQueryResponder responder, DnsCounters counters, DnsForwarder forwarder) {
        this.responder = responder;
        this.counters = counters;
        this.forwarder = forwarder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        byte[] query = ByteBufUtil.getBytes(frame);
        byte[] response = responder.respond(query, false);
        if (response == null) {
            counters.dropped();
            ctx.close();
            return;
        }
        counters.answered();
        if (response == DnsQueryResponder.FORWARD) {
            // Upstream over UDP; a truncated upstream answer reaches the client as it is (TC set).
            forwarder.forward(query, DnsQueryResponder.MAX_TCP_MESSAGE, upstream -> write(ctx, upstream));
            return;
        }
        write(ctx, response);
    }

    private static void write(ChannelHandlerContext ctx, byte[] response) {
        ByteBuf out = ctx.alloc().buffer(2 + response.length);
        out.writeShort(response.length).writeBytes(response);
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        counters.failed();
        LOG.debug("DNS over TCP from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
