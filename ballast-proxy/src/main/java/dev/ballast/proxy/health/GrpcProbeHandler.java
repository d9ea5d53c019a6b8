package dev.ballast.proxy.health;

import dev.ballast.core.health.ProbeResult;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * One gRPC health check call, as ALB makes it for a GRPC target group: on an HTTP/2 connection, a stream with
 * {@code POST <path>}, {@code content-type: application/grpc}, {@code te: trailers} and one empty message; the
 * target passes when the call's {@code grpc-status} (in the trailers, or in a trailers-only answer) is within
 * the matcher's gRPC codes. A non-200 {@code :status} or an answer without {@code grpc-status} fails the check.
 *
 * <p>Not thread-safe: one instance per probe stream, used on its event loop.
 */
final class GrpcProbeHandler extends ProbeOutcome {
    /** A gRPC message frame: not compressed, length 0 (an empty request message). */
    private static final byte[] EMPTY_MESSAGE = {0, 0, 0, 0, 0};

    private final ProbeSpec spec;

    private GrpcProbeHandler(ProbeSpec spec, CompletableFuture<ProbeResult> result) {
        super(result);
        this.spec = spec;
    }

    /** Opens the call's stream on {@code connection} (an HTTP/2 connection ready for streams) and sends it. */
    static void call(Channel connection, ProbeSpec spec, boolean tls, CompletableFuture<ProbeResult> result) {
        new Http2StreamChannelBootstrap(connection).handler(new GrpcProbeHandler(spec, result)).open()
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        result.complete(ProbeResult.failed());
                        connection.close();
                        return;
                    }
                    Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
                    Http2Headers headers = new DefaultHttp2Headers()
                            .method("POST").scheme(tls ? "https" : "http").path(spec.check().path())
                            .authority(spec.hostHeader())
                            .set("content-type", "application/grpc")
                            .set("te", "trailers")
                            .set("user-agent", HttpProbeHandler.USER_AGENT);
                    stream.write(new DefaultHttp2HeadersFrame(headers, false));
                    stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(EMPTY_MESSAGE), true));
                });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame frame) {
                judge(ctx, frame);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void judge(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        Http2Headers headers = frame.headers();
        CharSequence status = headers.status();
        if (status != null && !"200".contentEquals(status)) {
            finish(ctx, ProbeResult.failed());
            return;
        }
        CharSequence grpcStatus = headers.get("grpc-status");
        if (grpcStatus != null) {
            int code;
            try {
                code = Integer.parseInt(grpcStatus.toString());
            } catch (NumberFormatException e) {
                finish(ctx, ProbeResult.failed());
                return;
            }
            finish(ctx, spec.check().matches(code) ? ProbeResult.pass() : ProbeResult.responseCodeMismatch(code));
        } else if (frame.isEndStream()) {
            finish(ctx, ProbeResult.failed()); // the call ended without a gRPC status
        }
    }

    @Override
    void closeProbe(ChannelHandlerContext ctx) {
        ctx.channel().parent().close(); // the connection, not just the stream: one call per connection, as ALB's checks
    }
}
