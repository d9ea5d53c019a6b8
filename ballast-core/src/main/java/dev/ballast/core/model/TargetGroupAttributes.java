package dev.ballast.core.model;

import java.util.Map;

/**
 * The attributes of a target group as AWS documents them; the typed accessors are those that drive
 * behaviour (draining, slow start, algorithm, stickiness, fail-open).
 *
 * <p>Thread-safe (immutable).
 */
public record TargetGroupAttributes(Map<String, String> values) {
    /** The documented keys of a target group used by an application load balancer. */
    public static final AttributeSpec APPLICATION = AttributeSpec.builder("target group")
            .integer("deregistration_delay.timeout_seconds", 300, 0, 3600)
            .oneOf("load_balancing.algorithm.type", "round_robin",
                    "round_robin", "least_outstanding_requests", "weighted_random")
            .oneOf("load_balancing.algorithm.anomaly_mitigation", "off", "on", "off")
            .oneOf("load_balancing.cross_zone.enabled", "use_load_balancer_configuration",
                    "true", "false", "use_load_balancer_configuration")
            .zeroOr("slow_start.duration_seconds", 30, 900)
            .bool("stickiness.enabled", false)
            .oneOf("stickiness.type", "lb_cookie", "lb_cookie", "app_cookie")
            .integer("stickiness.lb_cookie.duration_seconds", 86400, 1, 604800)
            .text("stickiness.app_cookie.cookie_name", "", 1024)
            .integer("stickiness.app_cookie.duration_seconds", 86400, 1, 604800)
            .key("target_group_health.dns_failover.minimum_healthy_targets.count", "1",
                    v -> v.equals("off") || v.matches("[1-9]\\d{0,8}"), "off or a positive integer")
            .key("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off",
                    v -> v.equals("off") || v.matches("[1-9]\\d?|100"), "off or 1-100")
            .key("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1",
                    v -> v.matches("[1-9]\\d{0,8}"), "a positive integer")
            .key("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off",
                    v -> v.equals("off") || v.matches("[1-9]\\d?|100"), "off or 1-100")
            .bool("lambda.multi_value_headers.enabled", false)
            .build();

    /** Copies the map. */
    public TargetGroupAttributes {
        values = Map.copyOf(values);
    }

    /** The defaults of an application load balancer's target group. */
    public static TargetGroupAttributes defaults() {
        return new TargetGroupAttributes(APPLICATION.defaults());
    }

    /** These attributes with {@code changes} applied after validation. */
    public TargetGroupAttributes with(Map<String, String> changes) {
        return new TargetGroupAttributes(APPLICATION.apply(values, changes));
    }

    /** {@code deregistration_delay.timeout_seconds} (default 300). */
    public int deregistrationDelaySeconds() {
        return intValue("deregistration_delay.timeout_seconds", 300);
    }

    /** {@code slow_start.duration_seconds} (0 = off). */
    public int slowStartSeconds() {
        return intValue("slow_start.duration_seconds", 0);
    }

    /** {@code load_balancing.algorithm.type}. */
    public String algorithm() {
        return values.getOrDefault("load_balancing.algorithm.type", "round_robin");
    }

    /** {@code stickiness.enabled}. */
    public boolean stickinessEnabled() {
        return Boolean.parseBoolean(values.getOrDefault("stickiness.enabled", "false"));
    }

    /** {@code stickiness.type}: lb_cookie or app_cookie. */
    public String stickinessType() {
        return values.getOrDefault("stickiness.type", "lb_cookie");
    }

    /** {@code stickiness.lb_cookie.duration_seconds} (default 86400). */
    public int lbCookieDurationSeconds() {
        return intValue("stickiness.lb_cookie.duration_seconds", 86400);
    }

    /** {@code target_group_health.unhealthy_state_routing.minimum_healthy_targets.count} (default 1). */
    public int minimumHealthyTargets() {
        return intValue("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", 1);
    }

    private int intValue(String key, int fallback) {
        String v = values.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
