package dev.ballast.api.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the API connections open at once: a connection over the cap is closed as soon as it is accepted, with a log
 * line, so that many idle or slow connections cannot exhaust file descriptors or memory.
 *
 * <p>Thread-safe: shared by every connection of the endpoint; the count is atomic.
 */
@ChannelHandler.Sharable
final class ConnectionCap extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionCap(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int now = open.incrementAndGet();
        if (now > maxConnections) {
            log.warn("API connection from {} closed: {} connections open (limit {})", ctx.channel().remoteAddress(),
                    now - 1, maxConnections);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }
}
