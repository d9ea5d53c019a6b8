package dev.ballast.proxy.health;

import dev.ballast.core.health.ProbeResult;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;

/**
 * The end of a probe's pipeline: completes the probe's result once, and fails it when the channel closes or breaks
 * before an answer was judged; then closes what the probe opened.
 *
 * <p>Not thread-safe: one per probe channel, used on its event loop.
 */
abstract class ProbeOutcome extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<ProbeResult> result;

    ProbeOutcome(CompletableFuture<ProbeResult> result) {
        this.result = result;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(ctx, ProbeResult.failed()); // closed (or reset) before an answer arrived
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(ctx, ProbeResult.failed());
    }

    /** Completes the probe with {@code outcome} (the first outcome wins) and closes the probe's connection. */
    final void finish(ChannelHandlerContext ctx, ProbeResult outcome) {
        result.complete(outcome);
        closeProbe(ctx);
    }

    /** Closes the probe's connection; this channel is it, unless overridden. */
    void closeProbe(ChannelHandlerContext ctx) {
        ctx.close();
    }
}
