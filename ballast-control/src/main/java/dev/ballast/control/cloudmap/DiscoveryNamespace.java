package dev.ballast.control.cloudmap;

import java.util.Map;
import java.util.TreeMap;

/**
 * A stored Cloud Map namespace: a private DNS namespace (backed by a private hosted zone of the same name) or an
 * HTTP namespace (no DNS).
 *
 * <p>Thread-safe (immutable).
 *
 * @param id {@code ns-} followed by 16 lower-case letters and digits
 * @param name as given; for a DNS namespace lower case without the trailing dot
 * @param type {@code DNS_PRIVATE} or {@code HTTP}
 * @param hostedZoneId the hosted zone that serves a DNS namespace, null for HTTP
 * @param soaTtl the SOA TTL of a DNS namespace, null for HTTP
 * @param createdAt epoch milliseconds
 */
public record DiscoveryNamespace(String id, String arn, String name, String type, String description,
                                 String hostedZoneId, Long soaTtl, String creatorRequestId, long createdAt,
                                 Map<String, String> tags) {
    /** The type of a private DNS namespace. */
    public static final String DNS_PRIVATE = "DNS_PRIVATE";
    /** The type of an HTTP (API-only) namespace. */
    public static final String HTTP = "HTTP";

    /** Copies the tags, sorted by key. */
    public DiscoveryNamespace {
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** True for a namespace answered by the DNS. */
    public boolean dns() {
        return hostedZoneId != null;
    }

    /** This namespace with {@code next} tags. */
    public DiscoveryNamespace withTags(Map<String, String> next) {
        return new DiscoveryNamespace(id, arn, name, type, description, hostedZoneId, soaTtl, creatorRequestId,
                createdAt, next);
    }
}
