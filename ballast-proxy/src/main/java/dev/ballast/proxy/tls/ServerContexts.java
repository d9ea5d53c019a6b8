package dev.ballast.proxy.tls;

import dev.ballast.core.model.ListenerTls;
import dev.ballast.core.model.ServerCertificate;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Builds the server {@link SslContext} of one certificate under one security policy and ALPN list, and keeps it for
 * as long as some listener uses it: a configuration change that does not touch a certificate or policy reuses the
 * context, and with it the session cache and ticket keys its clients resume with. A certificate re-imported under
 * the same ARN differs in content, so it gets a new context; connections already open keep the old one.
 *
 * <p>Thread-safe: {@link #beginApply}, {@link #context} and {@link #endApply} are called by the single writer;
 * the contexts themselves are used by the event loops.
 */
public final class ServerContexts {
    private record Key(ServerCertificate certificate, List<String> protocols, List<String> ciphers,
                       List<String> alpn) {}

    private final TlsProvider provider;
    private Map<Key, SslContext> kept = Map.of();
    private Map<Key, SslContext> used = new HashMap<>();

    /** Contexts on {@code provider}. */
    public ServerContexts(TlsProvider provider) {
        this.provider = provider;
    }

    /** The provider the contexts run on. */
    public TlsProvider provider() {
        return provider;
    }

    /** Starts compiling a snapshot: contexts asked for until {@link #endApply} are the ones kept. */
    public void beginApply() {
        used = new HashMap<>();
    }

    /** Keeps the contexts asked for since {@link #beginApply} and forgets the others. */
    public void endApply() {
        kept = Map.copyOf(used);
    }

    /**
     * The context presenting {@code certificate} under {@code tls}'s protocols and ciphers, offering {@code alpn}
     * (empty: no ALPN).
     *
     * @throws IllegalArgumentException if the certificate or key cannot be used (the control plane checked them, so
     *     this means a stored certificate was damaged)
     */
    public SslContext context(ServerCertificate certificate, ListenerTls tls, List<String> alpn) {
        Key key = new Key(certificate, tls.protocols(), tls.ciphers(), List.copyOf(alpn));
        SslContext context = used.get(key);
        if (context == null) {
            context = kept.get(key);
            if (context == null) {
                context = build(key);
            }
            used.put(key, context);
        }
        return context;
    }

    private SslContext build(Key key) {
        ServerCertificate c = key.certificate();
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(
                            new ByteArrayInputStream(c.chainPem().getBytes(StandardCharsets.US_ASCII)),
                            new ByteArrayInputStream(c.privateKeyPem().getBytes(StandardCharsets.US_ASCII)))
                    .sslProvider(provider.provider())
                    .protocols(key.protocols())
                    .ciphers(PolicyCipherNames.javaNames(key.ciphers()), SupportedCipherSuiteFilter.INSTANCE);
            if (!key.alpn().isEmpty()) {
                builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, key.alpn()));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            // The message names the certificate by ARN only; the key never reaches a log or an error.
            throw new IllegalArgumentException("certificate " + c.arn() + " cannot be used: " + e.getMessage(), e);
        }
    }
}
