package dev.ballast.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings Ballast accepts, validates, stores and shows but does not act on yet, each with what happens
 * instead. An API response has no place for a warning, so whoever applies a configuration logs one line per such
 * setting (see {@code docs/api.md}, "Stored but not enforced"); this class only says which ones they are.
 *
 * <p>Thread-safe (stateless).
 */
public final class UnenforcedSettings {
    /** One setting: a key, or a key prefix ending in {@code .}, optionally only for one value. */
    public record Setting(String key, String value, String instead) {
        boolean matches(String attributeKey, String attributeValue) {
            boolean keyMatches = key.endsWith(".") ? attributeKey.startsWith(key) : attributeKey.equals(key);
            return keyMatches && (value == null || value.equals(attributeValue));
        }
    }

    private static final String NO_LOGS = "no logs are written yet";
    private static final String ONE_ZONE = "every node serves every target; there are no zones to cross";

    /** Load balancer attributes (application and network), but {@code access_logs.s3.*}: see {@link #loadBalancer}. */
    public static final List<Setting> LOAD_BALANCER = List.of(
            new Setting("connection_logs.s3.", null, NO_LOGS),
            new Setting("health_check_logs.s3.", null, NO_LOGS),
            new Setting("client_keep_alive.seconds", null,
                    "a client connection is closed only after idle_timeout.timeout_seconds without traffic"),
            new Setting("load_balancing.cross_zone.enabled", null, ONE_ZONE),
            new Setting("routing.http.preserve_host_header.enabled", null, "the Host header is forwarded as received"),
            new Setting("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", null,
                    "no TLS version and cipher headers are added"),
            new Setting("waf.fail_open.enabled", null, "there is no web application firewall"),
            new Setting("zonal_shift.config.enabled", null, ONE_ZONE),
            new Setting("dns_record.client_routing_policy", null, ONE_ZONE),
            new Setting("ipv6.deny_all_igw_traffic", null, "listeners bind IPv4 addresses"),
            new Setting("secondary_ips.auto_assigned.per_subnet", null, "a node has no secondary addresses"));

    /** {@code access_logs.s3.*} where it is not enforced: a data plane without a data directory ({@code --config}). */
    public static final Setting ACCESS_LOGS_WITHOUT_DATA_DIR = new Setting("access_logs.s3.", null,
            "access logs are written under --data-dir, which ballast server --config does not have");

    /**
     * The unenforced attributes of a load balancer: {@link #LOAD_BALANCER}, and the access log
     * attributes unless the data plane writes access logs ({@code writesAccessLogs}): an application load
     * balancer's for every request, a network load balancer's for every TLS connection, as AWS logs.
     */
    public static List<Setting> loadBalancer(boolean writesAccessLogs) {
        if (writesAccessLogs) {
            return LOAD_BALANCER;
        }
        List<Setting> settings = new ArrayList<>(LOAD_BALANCER);
        settings.add(ACCESS_LOGS_WITHOUT_DATA_DIR);
        return List.copyOf(settings);
    }

    /** Target group attributes (application and network). */
    public static final List<Setting> TARGET_GROUP = List.of(
            new Setting("load_balancing.algorithm.anomaly_mitigation", null,
                    "weighted_random gives every target the same weight"),
            new Setting("load_balancing.cross_zone.enabled", null, ONE_ZONE),
            new Setting("stickiness.type", "app_cookie", "only lb_cookie stickiness is applied"),
            new Setting("stickiness.app_cookie.", null, "only lb_cookie stickiness is applied"),
            new Setting("lambda.multi_value_headers.enabled", null, "there are no Lambda targets"),
            new Setting("preserve_client_ip.enabled", null,
                    "targets see the load balancer's address (use proxy_protocol_v2.enabled for the client's)"),
            new Setting("target_failover.", null, "flows stay on their target until it is deregistered or unhealthy "
                    + "and the target_health_state settings end them"),
            new Setting("target_group_health.dns_failover.", null, "Ballast's DNS does not fail over yet"));

    /**
     * The unenforced attributes of a target group with {@code attributes}: {@link #TARGET_GROUP}, but application
     * cookie stickiness is enforced on a Classic load balancer's group (AppCookieStickinessPolicyType).
     */
    public static List<Setting> targetGroup(TargetGroupAttributes attributes) {
        if (!attributes.classicAppCookieStickiness()) {
            return TARGET_GROUP;
        }
        return TARGET_GROUP.stream().filter(s -> !s.key().startsWith("stickiness.")).toList();
    }

    /** Listener attributes. */
    public static final List<Setting> LISTENER = List.of(
            new Setting("routing.http.request.", null, "no TLS or mTLS request headers are added"),
            new Setting("routing.http.response.", null, "response headers are forwarded from the target unchanged"));

    private UnenforcedSettings() {}

    /**
     * The attributes among {@code attributes} that are stored but not enforced, as {@code key=value (instead)}.
     * Values equal to their default ({@code defaults}) are left out: leaving a setting off needs no warning.
     */
    public static List<String> attributes(List<Setting> settings, Map<String, String> attributes,
                                          Map<String, String> defaults) {
        List<String> found = new ArrayList<>();
        attributes.forEach((key, value) -> {
            if (value.equals(defaults.getOrDefault(key, ""))) {
                return;
            }
            settings.stream().filter(s -> s.matches(key, value)).findFirst()
                    .ifPresent(s -> found.add(key + "=" + value + " (" + s.instead() + ")"));
        });
        return found;
    }
}
