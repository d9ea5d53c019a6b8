package dev.ballast.control.cloudmap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stored Cloud Map service: its name in a namespace, the DNS records each instance gets (none in an HTTP
 * namespace), and whether its instances' health is reported through UpdateInstanceCustomHealthStatus.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id {@code srv-} followed by 16 lower-case letters and digits
 * @param name as given (DNS names compare it in lower case)
 * @param routingPolicy {@code MULTIVALUE} or {@code WEIGHTED}; null without DNS records
 * @param dnsRecords empty in an HTTP namespace
 * @param customHealth true when the service has a {@code HealthCheckCustomConfig}
 * @param type {@code DNS_HTTP} (DNS records and the API) or {@code HTTP} (the API only)
 * @param createdAt epoch milliseconds
 */
public record DiscoveryService(String id, String arn, String name, String namespaceId, String description,
                               String routingPolicy, List<DnsRecordTemplate> dnsRecords, boolean customHealth,
                               String type, String creatorRequestId, long createdAt, Map<String, String> tags) {
    /** Copies the lists; tags sorted by key. */
    public DiscoveryService {
        dnsRecords = dnsRecords == null ? List.of() : List.copyOf(dnsRecords);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** This service with {@code next} tags. */
    public DiscoveryService withTags(Map<String, String> next) {
        return new DiscoveryService(id, arn, name, namespaceId, description, routingPolicy, dnsRecords,
                customHealth, type, creatorRequestId, createdAt, next);
    }

    /** This service with another description and DNS records (what UpdateService changes). */
    public DiscoveryService withUpdate(String nextDescription, List<DnsRecordTemplate> nextRecords) {
        return new DiscoveryService(id, arn, name, namespaceId, nextDescription, routingPolicy, nextRecords,
                customHealth, type, creatorRequestId, createdAt, tags);
    }
}
