package dev.ballast.proxy.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/**
 * TLS towards targets (HTTPS and TLS target groups, HTTPS health checks): like ALB and NLB, the target's
 * certificate is not verified, because targets commonly present self-signed ones.
 *
 * <p>Thread-safe (the context is immutable and shared).
 */
public final class BackendTls {
    private static final SslContext INSECURE = build();

    private BackendTls() {}

    private static SslContext build() {
        try {
            return SslContextBuilder.forClient().sslProvider(TlsProvider.best().provider())
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS context for targets", e);
        }
    }

    /** A client-side TLS handler for one connection to a target. */
    public static SslHandler newHandler(ByteBufAllocator allocator) {
        return INSECURE.newHandler(allocator);
    }
}
