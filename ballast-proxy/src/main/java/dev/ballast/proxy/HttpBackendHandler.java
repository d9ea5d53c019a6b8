package dev.ballast.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Target side of a proxied exchange: hands every response part its {@link BackendResponseReader} passes on (a head,
 * body bytes, the end, or raw tunnel bytes) to the client connection it is attached to. A pooled connection has none attached; anything it receives then is a
 * protocol error and closes it.
 *
 * <p>Not thread-safe: used on the event loop shared with its client connection.
 */
final class HttpBackendHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "backend";
    static final String CODEC = "backend-codec";

    private final ProxyCounters counters;
    private final BackendResponseReader reader;
    private HttpFrontendHandler frontend;

    HttpBackendHandler(ProxyCounters counters, BackendResponseReader reader) {
        this.counters = counters;
        this.reader = reader;
    }

    /** For an HTTP/2 stream to a target, whose frame codec passes the response on as HTTP objects. */
    HttpBackendHandler(ProxyCounters counters) {
        this(counters, null);
    }

    /** Tells the connection's response reader what the request about to be written asks for. */
    void expectResponse(boolean headRequest, boolean dechunk, boolean upgradeRequest) {
        if (reader != null) {
            reader.expect(headRequest, dechunk, upgradeRequest);
        }
    }

    /** Routes this connection's events to {@code frontend} (null to detach when it goes back to the pool). */
    void attach(HttpFrontendHandler frontend) {
        this.frontend = frontend;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        HttpFrontendHandler target = frontend;
        if (target == null) {
            ReferenceCountUtil.release(msg);
            counters.increment("backend.unexpected_data");
            ctx.close();
            return;
        }
        target.onBackendRead(ctx.channel(), msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (frontend != null) {
            frontend.onBackendReadComplete(ctx.channel());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (frontend != null) {
            frontend.onBackendWritabilityChanged(ctx.channel());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        HttpFrontendHandler target = frontend;
        frontend = null;
        if (target != null) {
            target.onBackendClosed(ctx.channel(), null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        counters.increment("backend.exception");
        HttpFrontendHandler target = frontend;
        frontend = null;
        if (target != null) {
            target.onBackendClosed(ctx.channel(), cause);
        }
        ctx.close();
    }
}
