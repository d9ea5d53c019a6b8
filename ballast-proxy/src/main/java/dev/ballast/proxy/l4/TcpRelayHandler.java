package dev.ballast.proxy.l4;

import dev.ballast.proxy.metrics.LoadBalancerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Relays the bytes one side of a proxied TCP connection reads to the other side ({@code peer}), as they come:
 * reading pauses while the peer cannot take more (backpressure) and resumes when it drains. A half-close is passed
 * on: when this side's input ends, the peer's output is shut down once what was relayed is flushed, and the
 * connection closes when both directions are done. A reset or an error on one side resets the other. Both sides
 * report their reads to the connection's {@link RelayIdleTimeout}.
 *
 * <p>Not thread-safe: one instance per channel, used on its event loop (both channels share that loop).
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final RelayIdleTimeout idle;
    private final LoadBalancerMetrics metrics;
    private final boolean clientSide;

    /**
     * Relays to {@code peer}, telling {@code idle} of every read. Bytes and resets are counted in {@code metrics}: a
     * reset on this side is the client's when {@code clientSide}, else the target's.
     */
    TcpRelayHandler(Channel peer, RelayIdleTimeout idle, LoadBalancerMetrics metrics, boolean clientSide) {
        this.peer = peer;
        this.idle = idle;
        this.metrics = metrics;
        this.clientSide = clientSide;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            metrics.bytesProcessed(bytes.readableBytes());
        }
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            // Pause first, then flush: a flush that drains the peer resumes reading through its writability event.
            ctx.channel().config().setAutoRead(false);
            peer.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        idle.read();
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A peer whose input has ended has nothing left to read: asking it to read would only touch its epoll state.
        if (ctx.channel().isWritable() && peer.isActive()
                && !(peer instanceof DuplexChannel duplex && duplex.isInputShutdown())) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            // This side sent FIN: forward it once everything it sent before is flushed to the peer.
            if (allWritten(peer)) {
                shutdownOutput(peer);
            } else {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                    if (peer.isActive()) {
                        shutdownOutput(peer);
                    }
                });
            }
            closeIfFinished(ctx.channel());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        idle.stop();
        if (allWritten(peer)) {
            peer.close();
        } else if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset (or any I/O error) on one side is passed on as a reset of the other.
        if (cause instanceof IOException) {
            if (clientSide) {
                metrics.clientReset();
            } else {
                metrics.targetReset();
            }
            reset(peer);
        } else {
            peer.close();
        }
        ctx.close();
    }

    /**
     * True when everything written to {@code channel} is on its socket: nothing queued, and no TLS handler that could
     * still hold bytes of its own (its FIN then waits for an empty write to pass through it).
     */
    private static boolean allWritten(Channel channel) {
        ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
        return unsent != null && unsent.totalPendingWriteBytes() == 0 && channel.pipeline().get(SslHandler.class) == null;
    }

    /**
     * Sends a FIN on {@code channel} (shuts its output down) and closes it if its input has ended too. On epoll the
     * socket is shut down directly: Netty's {@code shutdownOutput()} builds an exception with a stack trace every
     * time, to fail writes queued after it, and the relay queues none (this side's input has ended, so nothing more
     * is written to its peer); a stack trace per half-close cost more than the rest of the FIN's handling.
     */
    static void shutdownOutput(Channel channel) {
        if (channel instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
            } catch (IOException e) {
                reset(channel); // the peer is gone: nothing left to pass the FIN to
                return;
            }
            closeIfFinished(channel);
        } else if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput().addListener(done -> closeIfFinished(channel));
        }
    }

    /** Closes {@code channel} once both its directions are shut down. */
    static void closeIfFinished(Channel channel) {
        if (channel instanceof DuplexChannel duplex && duplex.isInputShutdown() && duplex.isOutputShutdown()) {
            channel.close();
        }
    }

    /** Closes {@code channel} with a TCP reset (RST) instead of a FIN: SO_LINGER 0 discards unsent data. */
    static void reset(Channel channel) {
        if (channel.isOpen()) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // the socket is already gone; a plain close is all that is left
            }
            channel.close();
        }
    }
}
