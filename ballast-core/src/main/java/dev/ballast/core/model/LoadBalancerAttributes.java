package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.Map;

/**
 * The attributes of a load balancer as AWS documents them (every key is shown, with its default when
 * unset); the typed accessors are the ones that drive behaviour.
 *
 * <p>Thread-safe (immutable).
 */
public record LoadBalancerAttributes(Map<String, String> values) {
    /** The documented keys of an application load balancer. */
    public static final AttributeSpec APPLICATION = AttributeSpec.builder("application load balancer")
            .bool("access_logs.s3.enabled", false)
            .key("access_logs.s3.bucket", "", AccessLogLocation::validBucket, AccessLogLocation.BUCKET_EXPECTED)
            .key("access_logs.s3.prefix", "", AccessLogLocation::validPrefix, AccessLogLocation.PREFIX_EXPECTED)
            .bool("connection_logs.s3.enabled", false)
            .text("connection_logs.s3.bucket", "", 255)
            .text("connection_logs.s3.prefix", "", 255)
            .bool("health_check_logs.s3.enabled", false)
            .text("health_check_logs.s3.bucket", "", 255)
            .text("health_check_logs.s3.prefix", "", 255)
            .integer("client_keep_alive.seconds", 3600, 60, 604800)
            .bool("deletion_protection.enabled", false)
            .integer("idle_timeout.timeout_seconds", 60, 1, 4000)
            .bool("load_balancing.cross_zone.enabled", true)
            .oneOf("routing.http.desync_mitigation_mode", "defensive", "monitor", "defensive", "strictest")
            .bool("routing.http.drop_invalid_header_fields.enabled", false)
            .bool("routing.http.preserve_host_header.enabled", false)
            .bool("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", false)
            .bool("routing.http.xff_client_port.enabled", false)
            .oneOf("routing.http.xff_header_processing.mode", "append", "append", "preserve", "remove")
            .bool("routing.http2.enabled", true)
            .bool("waf.fail_open.enabled", false)
            .bool("zonal_shift.config.enabled", false)
            .build();

    /** The documented keys of a network load balancer. */
    public static final AttributeSpec NETWORK = AttributeSpec.builder("network load balancer")
            .bool("access_logs.s3.enabled", false)
            .key("access_logs.s3.bucket", "", AccessLogLocation::validBucket, AccessLogLocation.BUCKET_EXPECTED)
            .key("access_logs.s3.prefix", "", AccessLogLocation::validPrefix, AccessLogLocation.PREFIX_EXPECTED)
            .bool("deletion_protection.enabled", false)
            .bool("load_balancing.cross_zone.enabled", false)
            .oneOf("dns_record.client_routing_policy", "any_availability_zone", "availability_zone_affinity",
                    "partial_availability_zone_affinity", "any_availability_zone")
            .bool("ipv6.deny_all_igw_traffic", false)
            // "The number of secondary IP addresses to configure for your load balancer nodes. ... The valid range
            // is 0 to 7. The default is 0." (API reference, LoadBalancerAttribute; network load balancers)
            .integer("secondary_ips.auto_assigned.per_subnet", 0, 0, 7)
            .bool("zonal_shift.config.enabled", false)
            .build();

    /**
     * Ballast's key, set only by the Classic mapping: the minutes of a Classic Load Balancer's access log
     * {@code EmitInterval} (5 or 60). Its presence makes the access logs Classic's entries and file names.
     */
    public static final String CLASSIC_ACCESS_LOG_EMIT_INTERVAL = "ballast.access_logs.classic.emit_interval";

    /** Copies the map. */
    public LoadBalancerAttributes {
        values = Map.copyOf(values);
    }

    /** The defaults for a load balancer of {@code type}. */
    public static LoadBalancerAttributes defaults(LoadBalancerType type) {
        return new LoadBalancerAttributes(spec(type).defaults());
    }

    /** The spec for a load balancer of {@code type}. */
    public static AttributeSpec spec(LoadBalancerType type) {
        return type == LoadBalancerType.APPLICATION ? APPLICATION : NETWORK;
    }

    /** These attributes with {@code changes} applied after validation against the spec of {@code type}. */
    public LoadBalancerAttributes with(LoadBalancerType type, Map<String, String> changes) {
        Map<String, String> applied = spec(type).apply(values, changes);
        Check.that(!Boolean.parseBoolean(applied.getOrDefault("access_logs.s3.enabled", "false"))
                        || !applied.getOrDefault("access_logs.s3.bucket", "").isEmpty(),
                "access_logs.s3.bucket", "''", "a bucket when access_logs.s3.enabled is true");
        return new LoadBalancerAttributes(applied);
    }

    /** {@code idle_timeout.timeout_seconds} (default 60). */
    public int idleTimeoutSeconds() {
        return Integer.parseInt(values.getOrDefault("idle_timeout.timeout_seconds", "60"));
    }

    /** {@code deletion_protection.enabled}. */
    public boolean deletionProtection() {
        return Boolean.parseBoolean(values.getOrDefault("deletion_protection.enabled", "false"));
    }

    /** {@code routing.http.xff_header_processing.mode}: append, preserve or remove. */
    public String xffHeaderProcessingMode() {
        return values.getOrDefault("routing.http.xff_header_processing.mode", "append");
    }

    /** {@code routing.http.xff_client_port.enabled}. */
    public boolean xffClientPort() {
        return Boolean.parseBoolean(values.getOrDefault("routing.http.xff_client_port.enabled", "false"));
    }

    /** {@code routing.http.preserve_host_header.enabled}. */
    public boolean preserveHostHeader() {
        return Boolean.parseBoolean(values.getOrDefault("routing.http.preserve_host_header.enabled", "false"));
    }

    /** {@code routing.http.desync_mitigation_mode}: monitor, defensive (default) or strictest. */
    public String desyncMitigationMode() {
        return values.getOrDefault("routing.http.desync_mitigation_mode", "defensive");
    }

    /** {@code routing.http2.enabled} (default true): HTTPS listeners offer HTTP/2 by ALPN. */
    public boolean http2Enabled() {
        return Boolean.parseBoolean(values.getOrDefault("routing.http2.enabled", "true"));
    }

    /** {@code routing.http.drop_invalid_header_fields.enabled}. */
    public boolean dropInvalidHeaderFields() {
        return Boolean.parseBoolean(values.getOrDefault("routing.http.drop_invalid_header_fields.enabled", "false"));
    }
}
