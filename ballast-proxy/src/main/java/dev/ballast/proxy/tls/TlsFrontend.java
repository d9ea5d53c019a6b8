package dev.ballast.proxy.tls;

import dev.ballast.proxy.ProxyCounters;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;

/**
 * Puts TLS termination in front of a client connection: an {@link SniHandler} that picks the certificate by server
 * name from the listener's current {@link CertificateSelector} (read at each handshake, so a rotated certificate
 * reaches the next handshake without touching open connections), then, once the handshake is done, hands the
 * pipeline to the {@link ProtocolInstaller} for the protocol ALPN chose ({@code http/1.1} when the client offered
 * none). Plaintext on the port, failed handshakes and handshakes for no certificate are counted and close the
 * connection; nothing is thrown past the pipeline.
 *
 * <p>Thread-safe (stateless); the handlers it adds belong to one connection's event loop.
 */
public final class TlsFrontend {
    /** Counter of completed handshakes. */
    public static final String HANDSHAKES = "tls.handshake.completed";
    /** Counter of failed handshakes (protocol, cipher, certificate or anything else the peer or we refused). */
    public static final String HANDSHAKE_FAILURES = "tls.handshake.failed";
    /** Counter of connections that sent something other than a TLS record. */
    public static final String PLAINTEXT = "tls.plaintext";

    /** The name of the handler that terminates TLS, until the handshake picks a certificate. */
    public static final String TLS_HANDLER = "tls";

    private static final int MAX_CLIENT_HELLO = 16 * 1024;
    private static final long CLIENT_HELLO_TIMEOUT_MILLIS = 10_000;

    private TlsFrontend() {}

    /**
     * Installs the handlers that serve the application protocol the handshake chose.
     *
     * <p>Called on the connection's event loop after the handshake; the handlers it adds go last in the pipeline.
     */
    @FunctionalInterface
    public interface ProtocolInstaller {
        /** Adds the handlers for {@code protocol}; false if this listener does not serve it (the connection closes). */
        boolean install(ChannelPipeline pipeline, String protocol);
    }

    /** Adds TLS termination with certificates from {@code selector} to {@code pipeline}. */
    public static void install(ChannelPipeline pipeline, Supplier<CertificateSelector> selector,
                               ProxyCounters counters, ProtocolInstaller installer) {
        pipeline.addLast(TLS_HANDLER, new SniHandler((hostname, promise) -> {
            SslContext context = selector.get().select(hostname);
            return context != null ? promise.setSuccess(context)
                    : promise.setFailure(new SSLHandshakeException("no certificate for " + hostname));
        }, MAX_CLIENT_HELLO, CLIENT_HELLO_TIMEOUT_MILLIS));
        pipeline.addLast("tls-protocol", new Negotiation(counters, installer));
    }

    /**
     * Holds back what arrives before the handshake ends, then installs the chosen protocol's handlers, replays it to
     * them and leaves the pipeline; on a failed handshake it counts once, closes and swallows what follows.
     */
    private static final class Negotiation extends ChannelInboundHandlerAdapter {
        private final ProxyCounters counters;
        private final ProtocolInstaller installer;
        private final List<Object> early = new ArrayList<>(0);
        private boolean failed;

        Negotiation(ProxyCounters counters, ProtocolInstaller installer) {
            this.counters = counters;
            this.installer = installer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (failed) {
                ReferenceCountUtil.release(msg);
            } else {
                early.add(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof SslHandshakeCompletionEvent done)) {
                ctx.fireUserEventTriggered(evt);
                return;
            }
            if (!done.isSuccess()) {
                fail(ctx, done.cause());
                return;
            }
            counters.increment(HANDSHAKES);
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            String protocol = ssl == null ? null : ssl.applicationProtocol();
            if (installer.install(ctx.pipeline(), protocol == null ? ApplicationProtocolNames.HTTP_1_1 : protocol)) {
                ctx.pipeline().remove(this);
            } else {
                fail(ctx, null);
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            // Bytes that arrived with the handshake's last flight go to the handlers just installed.
            early.forEach(ctx::fireChannelRead);
            if (!early.isEmpty()) {
                early.clear();
                ctx.fireChannelReadComplete();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            fail(ctx, root);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            early.forEach(ReferenceCountUtil::release);
            early.clear();
            ctx.fireChannelInactive();
        }

        private void fail(ChannelHandlerContext ctx, Throwable cause) {
            if (!failed) {
                failed = true;
                counters.increment(cause instanceof NotSslRecordException ? PLAINTEXT : HANDSHAKE_FAILURES);
                early.forEach(ReferenceCountUtil::release);
                early.clear();
            }
            ctx.close();
        }
    }
}
