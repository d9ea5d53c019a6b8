package dev.ballast.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;

/**
 * A TLS front end with ALPN ({@code h2}, {@code http/1.1}) bound on 127.0.0.1:0 beside a {@link ProxyServer}'s HTTP
 * listener, feeding its configuration and services: the HTTP/2 pipeline under test, until HTTPS listeners
 * bind their own. Uses the proxy's event loops, as its own listeners do.
 *
 * <p>Thread-safe: bound once; closed by the test.
 */
final class TlsFrontEnd implements AutoCloseable {
    private final Channel server;

    TlsFrontEnd(ProxyServer proxy, String listenerArn, TestCertificate certificate) throws Exception {
        ListenerBinding binding = proxy.binding(listenerArn);
        ProxyContext context = proxy.context();
        SslContext ssl = SslContextBuilder.forServer(certificate.certificate(), certificate.key())
                .sslProvider(SslProvider.JDK)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
        server = new ServerBootstrap()
                .group(proxy.eventLoopGroup())
                .channel(proxy.transport().serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyServer.WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new ApplicationProtocolNegotiationHandler(
                                ApplicationProtocolNames.HTTP_1_1) {
                            @Override
                            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                    FrontendPipelines.http2(ctx.pipeline(), binding, context);
                                } else {
                                    FrontendPipelines.http1(ctx.pipeline(), binding, context);
                                }
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
