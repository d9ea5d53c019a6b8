package dev.ballast.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child handler of a listening socket: sets up each accepted connection's pipeline once the connection is
 * registered on its event loop, then leaves the pipeline. That is what Netty's {@code ChannelInitializer} does,
 * without its bookkeeping per connection (every connection's context added to and removed from a concurrent set
 * shared by all of them, keyed by an identity hash made for it), which a listener pays for at every accept.
 *
 * <p>Thread-safe: one instance is shared by all the socket's connections and keeps no state of its own; each call
 * runs on the connection's event loop.
 */
@ChannelHandler.Sharable
public abstract class ConnectionSetup extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSetup.class);

    /** Adds the handlers {@code channel} needs (last in its pipeline), or closes it. */
    protected abstract void setUp(Channel channel);

    @Override
    public final void handlerAdded(ChannelHandlerContext ctx) {
        // The acceptor adds this handler before it registers the connection: Netty calls this once it is registered.
        if (ctx.channel().isRegistered()) {
            setUpAndLeave(ctx);
        }
    }

    @Override
    public final void channelRegistered(ChannelHandlerContext ctx) {
        // only if added before registration by a pipeline that calls handlerAdded at once (not Netty's own)
        setUpAndLeave(ctx);
        ctx.pipeline().fireChannelRegistered();
    }

    private void setUpAndLeave(ChannelHandlerContext ctx) {
        try {
            setUp(ctx.channel());
        } catch (RuntimeException e) {
            LOG.warn("cannot set up the connection from {}", ctx.channel().remoteAddress(), e);
            ctx.close();
        } finally {
            if (!ctx.isRemoved()) {
                ctx.pipeline().remove(this);
            }
        }
    }
}
