package dev.ballast.proxy.health;

import dev.ballast.core.health.ProbeResult;
import dev.ballast.core.model.Protocol;
import dev.ballast.proxy.l4.ProxyProtocolV2;
import dev.ballast.proxy.tls.BackendTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one health check probe on the health checker's own event loops: HTTP or HTTPS {@code GET} judged by the
 * matcher, a gRPC call over HTTP/2 judged by its {@code grpc-status} ({@link GrpcProbeHandler}), or a TCP connect.
 * A probe that has no answer within the check's timeout fails with
 * {@code Target.Timeout}; a refused or reset connection or a malformed answer fails with
 * {@code Target.FailedHealthChecks}; so does a probe that the load balancer's security groups' outbound rules do not
 * allow, without connecting. HTTPS does not verify the target's certificate, as ALB does not. When the
 * group sends PROXY protocol v2 headers, every probe connection starts with the header's {@code LOCAL} form.
 *
 * <p>Thread-safe: probes may be started from any thread; each runs on one event loop of the group.
 */
public final class HealthProber {
    private final EventLoopGroup group;

    /** A prober whose connections run on {@code group} (NIO). */
    public HealthProber(EventLoopGroup group) {
        this.group = group;
    }

    /** Probes {@code spec}'s target once; the future always completes, never exceptionally. */
    public CompletableFuture<ProbeResult> probe(ProbeSpec spec) {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        if (spec.address() == null) {
            result.complete(ProbeResult.failed()); // an instance this node does not know: unreachable, as AWS says
            return result;
        }
        if (!spec.egressAllowed()) {
            result.complete(ProbeResult.egressBlocked()); // never connected: the security groups forbid it
            return result;
        }
        Protocol protocol = spec.check().protocol();
        boolean http = protocol.isHttp();
        boolean tls = protocol == Protocol.HTTPS;
        boolean grpc = spec.check().grpc();
        int timeoutMillis = spec.check().timeoutSeconds() * 1000;
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (!http) {
                            return;
                        }
                        ChannelPipeline p = ch.pipeline();
                        if (spec.proxyProtocol()) {
                            p.addLast(new ProxyHeaderOnConnect());
                        }
                        if (grpc) {
                            if (tls) {
                                p.addLast(BackendTls.newHttp2Handler(ch.alloc()));
                            }
                            p.addLast(Http2FrameCodecBuilder.forClient()
                                    .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)).build());
                            p.addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter() {
                                @Override
                                public boolean isSharable() {
                                    return true; // no stream is ever pushed: push is off in our SETTINGS
                                }
                            }));
                            p.addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close(); // not HTTP/2 (or broken): the call's stream fails with the connection
                                }
                            });
                            return;
                        }
                        if (tls) {
                            p.addLast(BackendTls.newHandler(ch.alloc())); // any certificate, as ALB's checks
                        }
                        p.addLast(new HttpClientCodec());
                        p.addLast(new HttpProbeHandler(spec, tls, result));
                    }
                });
        ChannelFuture connect = bootstrap.connect(new InetSocketAddress(spec.address(), spec.port()));
        Channel channel = connect.channel();
        var timeout = channel.eventLoop().schedule(() -> {
            result.complete(ProbeResult.timeout());
            channel.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.complete(f.cause() instanceof ConnectTimeoutException ? ProbeResult.timeout() : ProbeResult.failed());
            } else if (grpc) {
                startGrpcCall(channel, spec, tls, result);
            } else if (!http) {
                result.complete(ProbeResult.pass());
                if (spec.proxyProtocol()) {
                    channel.writeAndFlush(ProxyProtocolV2.local(channel.alloc())).addListener(ChannelFutureListener.CLOSE);
                } else {
                    channel.close();
                }
            }
        });
        result.whenComplete((r, e) -> timeout.cancel(false));
        return result;
    }

    /** Makes the gRPC call once the connection speaks HTTP/2 (for TLS: after the handshake chose ALPN h2). */
    private static void startGrpcCall(Channel channel, ProbeSpec spec, boolean tls,
                                      CompletableFuture<ProbeResult> result) {
        if (!tls) {
            GrpcProbeHandler.call(channel, spec, false, result);
            return;
        }
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        ssl.handshakeFuture().addListener(h -> {
            if (h.isSuccess() && ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
                GrpcProbeHandler.call(channel, spec, true, result);
            } else {
                result.complete(ProbeResult.failed());
                channel.close();
            }
        });
    }

    /** Writes the PROXY protocol v2 {@code LOCAL} header as the connection opens, before anything else is sent. */
    private static final class ProxyHeaderOnConnect extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.write(ProxyProtocolV2.local(ctx.alloc()), ctx.voidPromise());
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        }
    }
}
