package dev.ballast.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/**
 * TLS towards targets (HTTPS and TLS target groups, HTTPS health checks): like ALB and NLB, the target's
 * certificate is not verified, because targets commonly present self-signed ones. HTTP/2 connections offer ALPN
 * {@code h2}.
 *
 * <p>Thread-safe (the context is immutable and shared).
 */
public final class BackendTls {
    private static final SslContext INSECURE = build(null);
    /** Offers only {@code h2} by ALPN: HTTP2 and GRPC target groups speak nothing else to their targets. */
    private static final SslContext INSECURE_H2 = build(new ApplicationProtocolConfig(Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2));

    private BackendTls() {}

    private static SslContext build(ApplicationProtocolConfig alpn) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(TlsProvider.best().provider())
                    .trustManager(InsecureTrustManagerFactory.INSTANCE);
            if (alpn != null) {
                builder.applicationProtocolConfig(alpn);
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS context for targets", e);
        }
    }

    /** A client-side TLS handler for one connection to a target. */
    public static SslHandler newHandler(ByteBufAllocator allocator) {
        return INSECURE.newHandler(allocator);
    }

    /** A client-side TLS handler for one HTTP/2 connection to a target: it offers ALPN {@code h2}. */
    public static SslHandler newHttp2Handler(ByteBufAllocator allocator) {
        return INSECURE_H2.newHandler(allocator);
    }
}
