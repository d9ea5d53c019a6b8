package dev.ballast.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Connects jetcd to the etcd members named by {@code --etcd} ({@code http://h1:2379,http://h2:2379,...}, or all
 * {@code https://} for TLS), with the node's {@link EtcdSecurity}.
 *
 * <p>Thread-safe (stateless).
 */
public final class EtcdClients {
    /**
     * gRPC's TcpMetrics writes two INFO lines through java.util.logging (not SLF4J) to stderr when the first channel
     * is made; kept at WARNING so a node's start reads as Ballast's own lines. Held here: JUL keeps loggers weakly.
     */
    private static final Logger GRPC_TCP_METRICS = Logger.getLogger("io.grpc.netty.TcpMetrics");

    static {
        GRPC_TCP_METRICS.setLevel(Level.WARNING);
    }

    private EtcdClients() {}

    /**
     * A client of {@code endpoints} whose calls fail rather than wait for a member to come back
     * ({@code waitForReady} off, retries bounded by {@code timeout}): a call that was answered "unavailable" must
     * not be applied later by a retry nobody waits for.
     *
     * @throws IllegalArgumentException in the form {@code etcd: <value> (expected: ...)} for a malformed list
     */
    public static Client connect(String endpoints, Duration timeout) {
        return connect(endpoints, EtcdSecurity.NONE, timeout);
    }

    /**
     * As {@link #connect(String, Duration)}, through TLS for {@code https://} endpoints and authenticated as
     * {@code security}'s user when it has one.
     *
     * @throws IllegalArgumentException for a malformed list, TLS files with {@code http://} endpoints, or a TLS file
     *     that cannot be read
     */
    public static Client connect(String endpoints, EtcdSecurity security, Duration timeout) {
        return builder(parse(endpoints, security), security, timeout).build();
    }

    /** A client builder of {@code uris} (all one scheme) with the settings of {@link #connect}. */
    static ClientBuilder builder(List<URI> uris, EtcdSecurity security, Duration timeout) {
        ClientBuilder builder = Client.builder().endpoints(uris.toArray(URI[]::new))
                .waitForReady(false)
                .retryMaxDuration(timeout)
                .connectTimeout(timeout)
                .keepaliveTime(Duration.ofSeconds(5))
                .keepaliveTimeout(Duration.ofSeconds(2));
        if (https(uris)) {
            // no authority override: jetcd's resolver gives each address its own host:port as the TLS authority, so
            // each member's certificate is checked against the host or IP address of its own endpoint
            builder.sslContext(security.tlsOrDefault().sslContext());
        }
        if (security.credentials() != null) {
            builder.user(ByteSequence.from(security.credentials().user(), StandardCharsets.UTF_8))
                    .password(ByteSequence.from(security.credentials().password(), StandardCharsets.UTF_8));
        }
        return builder;
    }

    /** True if {@code uris} (as {@link #parse} returns them, all one scheme) are {@code https://}. */
    public static boolean https(List<URI> uris) {
        return "https".equals(uris.get(0).getScheme());
    }

    /**
     * As {@link #parse(String)}, and refuses TLS files with {@code http://} endpoints (they would not be used, and
     * whoever gave them expects TLS).
     */
    public static List<URI> parse(String endpoints, EtcdSecurity security) {
        List<URI> uris = parse(endpoints);
        EtcdTls tls = security.tls();
        if (!https(uris) && tls != null) {
            String option = tls.caCert() != null ? "--etcd-cacert " + tls.caCert() : "--etcd-cert " + tls.cert();
            throw new IllegalArgumentException(option + " with http:// etcd endpoints (expected: https:// endpoints "
                    + "for TLS, e.g. --etcd https://127.0.0.1:2379)");
        }
        return uris;
    }

    /**
     * The endpoint URIs of a comma-separated {@code http://host:port} (or {@code https://host:port}) list; one
     * scheme for all, since TLS is one setting of the client.
     */
    public static List<URI> parse(String endpoints) {
        List<URI> uris = new ArrayList<>();
        for (String part : endpoints.split(",", -1)) {
            String p = part.strip();
            URI uri;
            try {
                uri = URI.create(p);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null || uri.getPort() < 1
                    || !(uri.getPath() == null || uri.getPath().isEmpty())) {
                throw new IllegalArgumentException("etcd: " + endpoints + " (expected: comma-separated "
                        + "http://host:port or https://host:port client URLs of the etcd members)");
            }
            uris.add(uri);
        }
        if (uris.stream().map(URI::getScheme).distinct().count() > 1) {
            throw new IllegalArgumentException("etcd: " + endpoints + " (expected: all http:// or all https:// "
                    + "client URLs, not both: TLS is on or off for the whole cluster)");
        }
        return uris;
    }
}
