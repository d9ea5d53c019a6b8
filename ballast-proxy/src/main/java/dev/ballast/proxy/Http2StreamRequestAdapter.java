package dev.ballast.proxy;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;

/**
 * Makes a request read from an HTTP/2 stream look like one read from an HTTP/1.1 connection before
 * {@link HttpFrontendHandler} routes it: drops the {@code x-http2-*} headers Netty's conversion adds (the target
 * must not see them) and any {@code Upgrade} (HTTP/2 has no upgrades; ALB offers no WebSocket over HTTP/2).
 * {@code :authority} already became {@code Host}, and cookies split over several fields were joined.
 *
 * <p>Thread-safe (stateless): one instance serves every stream.
 */
@ChannelHandler.Sharable
final class Http2StreamRequestAdapter extends ChannelInboundHandlerAdapter {
    static final Http2StreamRequestAdapter INSTANCE = new Http2StreamRequestAdapter();

    private Http2StreamRequestAdapter() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            HttpHeaders headers = request.headers();
            removeExtensionHeaders(headers);
            headers.remove(HttpHeaderNames.UPGRADE);
        }
        ctx.fireChannelRead(msg);
    }

    /** Removes the {@code x-http2-*} headers Netty's HTTP/2 to HTTP/1.x conversion adds. */
    static void removeExtensionHeaders(HttpHeaders headers) {
        for (ExtensionHeaderNames name : ExtensionHeaderNames.values()) {
            headers.remove(name.text());
        }
    }
}
