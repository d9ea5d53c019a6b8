package dev.ballast.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The end of an HTTP/2 connection's pipeline: the frame codec passes a connection error on and then answers it
 * itself (GOAWAY with the error's code, then close), so this only counts it, instead of letting it reach the
 * pipeline's tail as an unhandled exception. Closing here would pre-empt the codec's GOAWAY with a graceful one.
 *
 * <p>Thread-safe (its counter is).
 */
final class Http2ConnectionErrors extends ChannelInboundHandlerAdapter {
    private final ProxyCounters counters;
    private final String counter;

    /** Counts the errors of a client connection. */
    Http2ConnectionErrors(ProxyCounters counters) {
        this(counters, "client.h2.connection_error");
    }

    /** Counts the errors of a connection under {@code counter}. */
    Http2ConnectionErrors(ProxyCounters counters, String counter) {
        this.counters = counters;
        this.counter = counter;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        counters.increment(counter);
    }

    @Override
    public boolean isSharable() {
        return true;
    }
}
