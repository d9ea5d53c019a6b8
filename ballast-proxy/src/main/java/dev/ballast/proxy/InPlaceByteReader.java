package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * An inbound handler that reads its connection's bytes in place and passes on what it makes of them: each buffer
 * goes to {@link #read} and is released after, and the parts worth passing on go on as retained slices of it, never
 * copies. Anything that is not a buffer passes through.
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
abstract class InPlaceByteReader extends ChannelInboundHandlerAdapter {
    /** This handler's context, set when it is added. */
    protected ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            read(in);
        } finally {
            in.release();
        }
    }

    /** Reads {@code in} (released by the caller afterwards). */
    protected abstract void read(ByteBuf in);

    /**
     * Passes {@code in[index, index + length)} on as a retained slice (nothing when it is empty). When it is the rest
     * of {@code in} (a body piece that ends the read: the usual case), {@code in} itself goes on, retained and read
     * from {@code index}, so no slice object is made; {@link #read} must then not use {@code in}'s reader index.
     */
    protected final void pass(ByteBuf in, int index, int length) {
        if (length <= 0) {
            return;
        }
        if (index + length == in.writerIndex()) {
            ctx.fireChannelRead(in.retain().readerIndex(index));
        } else {
            ctx.fireChannelRead(in.retainedSlice(index, length));
        }
    }
}
