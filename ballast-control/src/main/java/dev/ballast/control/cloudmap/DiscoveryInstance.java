package dev.ballast.control.cloudmap;

import java.util.Map;
import java.util.TreeMap;

/**
 * A registered Cloud Map instance: its id within its service, its attributes ({@code AWS_INSTANCE_IPV4},
 * {@code AWS_INSTANCE_PORT}, custom ones) and its health as last reported.
 *
 * <p>Thread-safe (immutable).
 *
 * @param health {@code HEALTHY} or {@code UNHEALTHY} for a service with custom health; null (unknown, answered as
 *     healthy) otherwise
 * @param registeredAt epoch milliseconds (DNS answers list instances in this order)
 */
public record DiscoveryInstance(String serviceId, String id, String creatorRequestId, Map<String, String> attributes,
                                String health, long registeredAt) {
    /** Attribute holding the IPv4 address answered in A records. */
    public static final String IPV4 = "AWS_INSTANCE_IPV4";
    /** Attribute holding the IPv6 address answered in AAAA records. */
    public static final String IPV6 = "AWS_INSTANCE_IPV6";
    /** Attribute holding the port answered in SRV records. */
    public static final String PORT = "AWS_INSTANCE_PORT";
    /** Attribute holding the name answered in a CNAME record. */
    public static final String CNAME = "AWS_INSTANCE_CNAME";
    /** Attribute giving the health a custom-health instance starts with. */
    public static final String INIT_HEALTH_STATUS = "AWS_INIT_HEALTH_STATUS";
    /** A healthy instance. */
    public static final String HEALTHY = "HEALTHY";
    /** An unhealthy instance. */
    public static final String UNHEALTHY = "UNHEALTHY";

    /** Copies the attributes, sorted by name. */
    public DiscoveryInstance {
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** True unless the instance was reported UNHEALTHY (an instance without health checks counts as healthy). */
    public boolean healthy() {
        return !UNHEALTHY.equals(health);
    }

    /** The health DiscoverInstances reports: HEALTHY, UNHEALTHY, or UNKNOWN without health checks. */
    public String reportedHealth() {
        return health == null ? "UNKNOWN" : health;
    }

    /** This instance with {@code next} health. */
    public DiscoveryInstance withHealth(String next) {
        return new DiscoveryInstance(serviceId, id, creatorRequestId, attributes, next, registeredAt);
    }

    /** The key of an instance in the store and the draft: service id and instance id. */
    public String key() {
        return key(serviceId, id);
    }

    /** The key of instance {@code instanceId} of service {@code serviceId}. */
    public static String key(String serviceId, String instanceId) {
        return serviceId + "/" + instanceId;
    }
}
