package dev.ballast.proxy.l4;

import dev.ballast.proxy.accesslog.TlsConnectionFields;
import dev.ballast.proxy.tls.PolicyCipherNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLSession;

/**
 * Builds the access log line of one TLS connection to a network load balancer: sits just after TLS termination, so
 * it sees the server name, the handshake's outcome and the plaintext each way ({@link ConnectionLog} counts it),
 * and hands the record to the access log writer when the connection closes (one line per connection, handshake
 * failures included).
 *
 * <p>Not thread-safe: one per client connection, on its event loop.
 */
final class TlsConnectionLog extends ConnectionLog {
    private final TlsConnectionFields tls = new TlsConnectionFields();

    TlsConnectionLog(Channel channel, L4ListenerConfig config, L4Context context) {
        super(channel, config, context, "tls");
        record.tls = tls;
        tls.listenerId = config.listenerId();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SniCompletionEvent sni && sni.isSuccess()) {
            tls.domainName = sni.hostname();
        } else if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            tls.handshakeDoneNanos = System.nanoTime();
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            if (ssl != null) {
                describe(ssl);
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private void describe(SslHandler ssl) {
        SSLSession session = ssl.engine().getSession();
        tls.cipher = PolicyCipherNames.openSslName(session.getCipherSuite());
        // TLSv1.2 -> tlsv12, as AWS writes it
        tls.protocolVersion = session.getProtocol().toLowerCase(Locale.ROOT).replace(".", "");
        tls.alpnFrontend = ssl.applicationProtocol();
        Certificate[] local = session.getLocalCertificates();
        if (local != null && local.length > 0 && local[0] instanceof X509Certificate x509) {
            tls.certificateSerial = x509.getSerialNumber().toString(16);
        }
    }

    @Override
    void closed() {
        tls.closedNanos = System.nanoTime();
    }
}
