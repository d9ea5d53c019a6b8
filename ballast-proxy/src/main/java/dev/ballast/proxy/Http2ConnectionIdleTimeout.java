package dev.ballast.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * ALB's idle timeout for an HTTP/2 connection as a whole: closed once no stream is open and no frame arrived for
 * {@code idle_timeout.timeout_seconds}. Each stream has its own idle timeout in its {@link HttpFrontendHandler}, so
 * a client that stops a response with a zero flow-control window loses that stream when the timeout passes, and
 * then the connection. Also counts HTTP/2 connections.
 *
 * <p>Not thread-safe: one per connection, on its event loop.
 */
final class Http2ConnectionIdleTimeout extends ChannelDuplexHandler {
    static final String NAME = "frontend-h2-idle";

    private final ListenerBinding binding;
    private final ProxyContext proxy;
    private final Http2FrameCodec codec;
    private long lastReadNanos;
    private ScheduledFuture<?> check;

    Http2ConnectionIdleTimeout(ListenerBinding binding, ProxyContext proxy, Http2FrameCodec codec) {
        this.binding = binding;
        this.proxy = proxy;
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        proxy.counters().increment("client.h2.connection.opened");
        lastReadNanos = System.nanoTime();
        schedule(ctx, binding.current().idleTimeoutMillis());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void schedule(ChannelHandlerContext ctx, long delayMillis) {
        check = ctx.executor().schedule(() -> check(ctx), Math.max(1, delayMillis), TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long timeout = binding.current().idleTimeoutMillis();
        long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReadNanos);
        if (idle < timeout || codec.connection().numActiveStreams() > 0) {
            // open streams time out on their own (each in its handler): look again a timeout later
            schedule(ctx, idle < timeout ? timeout - idle : timeout);
            return;
        }
        proxy.counters().increment("client.h2.idle_timeout");
        ctx.channel().close(); // through the whole pipeline: the codec sends GOAWAY before the connection closes
    }
}
