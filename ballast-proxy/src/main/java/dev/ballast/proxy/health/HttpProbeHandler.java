package dev.ballast.proxy.health;

import dev.ballast.core.health.ProbeResult;
import dev.ballast.core.model.HealthCheck;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one health check request as an application load balancer does ({@code GET <path>},
 * {@code Host: <ip>:<port>}, {@code User-Agent: ELB-HealthChecker/2.0}, {@code Connection: close}) and judges the
 * status line of the answer against the matcher. The body is not read: the connection closes after the status.
 *
 * <p>Not thread-safe: one instance per probe channel, used on its event loop.
 */
final class HttpProbeHandler extends ProbeOutcome {
    static final String USER_AGENT = "ELB-HealthChecker/2.0";

    private final ProbeSpec spec;
    private final boolean waitForTls;

    HttpProbeHandler(ProbeSpec spec, boolean waitForTls, CompletableFuture<ProbeResult> result) {
        super(result);
        this.spec = spec;
        this.waitForTls = waitForTls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!waitForTls) {
            sendRequest(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                sendRequest(ctx);
            } else {
                finish(ctx, ProbeResult.failed());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void sendRequest(ChannelHandlerContext ctx) {
        HealthCheck check = spec.check();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, check.path());
        request.headers()
                .set(HttpHeaderNames.HOST, spec.hostHeader())
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    finish(ctx, ProbeResult.failed());
                } else {
                    int code = response.status().code();
                    finish(ctx, spec.check().matches(code) ? ProbeResult.pass() : ProbeResult.responseCodeMismatch(code));
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
