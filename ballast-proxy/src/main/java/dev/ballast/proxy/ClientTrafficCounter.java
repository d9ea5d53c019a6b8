package dev.ballast.proxy;

import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes a client connection reads and writes, headers included, into its load balancer's ProcessedBytes
 * and into totals of the connection (an access log line's received and sent bytes). It sits first in the pipeline,
 * where reads are the raw bytes and writes are encoded.
 *
 * <p>Not thread-safe: one per client connection, on its event loop.
 */
final class ClientTrafficCounter extends ChannelDuplexHandler {
    static final String NAME = "traffic";

    private final ListenerBinding binding;
    private LoadBalancerMetrics metrics;
    private long received;
    private long sent;

    ClientTrafficCounter(ListenerBinding binding) {
        this.binding = binding;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics = binding.current().metrics();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        received += count(msg);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        sent += count(msg);
        ctx.write(msg, promise);
    }

    /** Bytes read from the client so far. */
    long received() {
        return received;
    }

    /** Bytes written to the client so far (queued for writing included). */
    long sent() {
        return sent;
    }

    private int count(Object msg) {
        int bytes = msg instanceof ByteBuf buf ? buf.readableBytes()
                : msg instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
        if (bytes > 0 && metrics != null) {
            metrics.bytesProcessed(bytes);
        }
        return bytes;
    }
}
