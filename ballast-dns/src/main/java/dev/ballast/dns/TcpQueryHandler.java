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
 * with a length-prefixed response; several may be in flight on one connection (RFC 7766). A query that must be
 * dropped closes the connection, as does an idle timeout or an error.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(TcpQueryHandler.class);
    private final DnsQueryResponder responder;
    private final DnsCounters counters;

    TcpQueryHandler(DnsQueryResponder responder, DnsCounters counters) {
        this.responder = responder;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        byte[] response = responder.respond(ByteBufUtil.getBytes(frame), false);
        if (response == null) {
            counters.dropped();
            ctx.close();
            return;
        }
        counters.answered();
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
