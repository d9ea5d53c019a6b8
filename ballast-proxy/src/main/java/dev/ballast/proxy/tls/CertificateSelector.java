package dev.ballast.proxy.tls;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.ListenerTls;
import dev.ballast.core.model.ServerCertificate;
import dev.ballast.proxy.ProxyCounters;
import io.netty.handler.ssl.SslContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the certificate of one TLS listener for a client's server name (SNI) as AWS documents for ALB: a
 * certificate naming the host exactly, else one whose wildcard ({@code *.example.com}) covers it, else the
 * listener's default certificate; a client sending no server name gets the default too. When several certificates
 * match equally well, the one valid longest wins (AWS picks "the best certificate that the client can support").
 * A name no certificate covers is counted as {@code tls.sni.unknown}.
 *
 * <p>Thread-safe (immutable after {@link #compile}); {@link #select} runs on the event loops.
 */
public final class CertificateSelector {
    /** Counter of handshakes whose server name no certificate of the listener covers. */
    public static final String SNI_UNKNOWN = "tls.sni.unknown";

    private final SslContext defaultContext;
    private final Map<String, SslContext> exact;
    private final Map<String, SslContext> wildcard;
    private final ProxyCounters counters;

    private CertificateSelector(SslContext defaultContext, Map<String, SslContext> exact,
                                Map<String, SslContext> wildcard, ProxyCounters counters) {
        this.defaultContext = defaultContext;
        this.exact = exact;
        this.wildcard = wildcard;
        this.counters = counters;
    }

    /**
     * The selector of a listener with {@code tls} in {@code snapshot}; certificates missing from the snapshot are
     * left out (a listener whose default certificate is missing fails every handshake).
     */
    public static CertificateSelector compile(ConfigSnapshot snapshot, ListenerTls tls, List<String> alpn,
                                              ServerContexts contexts, ProxyCounters counters) {
        Map<String, ServerCertificate> exactBest = new HashMap<>();
        Map<String, ServerCertificate> wildcardBest = new HashMap<>();
        for (String arn : tls.certificateArns()) {
            ServerCertificate c = snapshot.certificate(arn);
            if (c == null) {
                continue;
            }
            for (String name : c.names()) {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.startsWith("*.")) {
                    wildcardBest.merge(n.substring(2), c, CertificateSelector::longerValid);
                } else {
                    exactBest.merge(n, c, CertificateSelector::longerValid);
                }
            }
        }
        ServerCertificate defaultCertificate = snapshot.certificate(tls.defaultCertificateArn());
        SslContext defaultContext = defaultCertificate == null ? null
                : contexts.context(defaultCertificate, tls, alpn);
        Map<String, SslContext> exact = new HashMap<>();
        exactBest.forEach((name, c) -> exact.put(name, contexts.context(c, tls, alpn)));
        Map<String, SslContext> wildcard = new HashMap<>();
        wildcardBest.forEach((suffix, c) -> wildcard.put(suffix, contexts.context(c, tls, alpn)));
        return new CertificateSelector(defaultContext, Map.copyOf(exact), Map.copyOf(wildcard), counters);
    }

    private static ServerCertificate longerValid(ServerCertificate a, ServerCertificate b) {
        return b.notAfterMillis() > a.notAfterMillis() ? b : a;
    }

    /** The context for server name {@code hostname} (null when the client sent none), or null if there is none. */
    public SslContext select(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            return defaultContext;
        }
        String host = hostname.toLowerCase(Locale.ROOT);
        SslContext found = exact.get(host);
        if (found == null) {
            int dot = host.indexOf('.');
            found = dot < 0 ? null : wildcard.get(host.substring(dot + 1));
        }
        if (found == null) {
            counters.increment(SNI_UNKNOWN);
            return defaultContext;
        }
        return found;
    }
}
