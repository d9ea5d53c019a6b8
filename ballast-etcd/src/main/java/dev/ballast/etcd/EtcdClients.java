package dev.ballast.etcd;

import io.etcd.jetcd.Client;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects jetcd to the etcd members named by {@code --etcd} ({@code http://h1:2379,http://h2:2379,...}).
 *
 * <p>Thread-safe (stateless).
 */
public final class EtcdClients {
    private EtcdClients() {}

    /**
     * A client of {@code endpoints} whose calls fail rather than wait for a member to come back
     * ({@code waitForReady} off, retries bounded by {@code timeout}): a call that was answered "unavailable" must
     * not be applied later by a retry nobody waits for.
     *
     * @throws IllegalArgumentException in the form {@code etcd: <value> (expected: ...)} for a malformed list
     */
    public static Client connect(String endpoints, Duration timeout) {
        return Client.builder().endpoints(parse(endpoints).toArray(URI[]::new))
                .waitForReady(false)
                .retryMaxDuration(timeout)
                .connectTimeout(timeout)
                .keepaliveTime(Duration.ofSeconds(5))
                .keepaliveTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** The endpoint URIs of a comma-separated {@code http://host:port} list. */
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
            if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1
                    || !(uri.getPath() == null || uri.getPath().isEmpty())) {
                throw new IllegalArgumentException("etcd: " + endpoints
                        + " (expected: comma-separated http://host:port client URLs of the etcd members)");
            }
            uris.add(uri);
        }
        return uris;
    }
}
