package dev.ballast.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Makes a response read from an HTTP/2 stream to a target look like one read from an HTTP/1.1 connection: drops the
 * {@code x-http2-*} headers Netty's conversion adds (the client must not see them).
 *
 * <p>Not thread-safe: one per target stream, on its event loop.
 */
final class Http2StreamResponseAdapter extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response) {
            Http2StreamRequestAdapter.removeExtensionHeaders(response.headers());
        }
        ctx.fireChannelRead(msg);
    }
}
