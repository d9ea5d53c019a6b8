package dev.ballast.core.model;

import dev.ballast.core.validation.ValidationException;
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
            .apply(TargetGroupAttributes::targetGroupHealth)
            .bool("lambda.multi_value_headers.enabled", false)
            .build();

    /** The documented keys of a target group used by a network load balancer (TCP, TLS, UDP, TCP_UDP). */
    public static final AttributeSpec NETWORK = AttributeSpec.builder("network target group")
            .integer("deregistration_delay.timeout_seconds", 300, 0, 3600)
            .bool("deregistration_delay.connection_termination.enabled", false)
            .bool("preserve_client_ip.enabled", false)
            .bool("proxy_protocol_v2.enabled", false)
            .bool("stickiness.enabled", false)
            .oneOf("stickiness.type", "source_ip", "source_ip")
            .oneOf("load_balancing.cross_zone.enabled", "use_load_balancer_configuration",
                    "true", "false", "use_load_balancer_configuration")
            .apply(TargetGroupAttributes::targetGroupHealth)
            .bool("target_health_state.unhealthy.connection_termination.enabled", true)
            .integer("target_health_state.unhealthy.draining_interval_seconds", 0, 0, 360000)
            .oneOf("target_failover.on_deregistration", "no_rebalance", "no_rebalance", "rebalance")
            .oneOf("target_failover.on_unhealthy", "no_rebalance", "no_rebalance", "rebalance")
            .build();

    /** The {@code target_group_health.*} keys, the same for application and network target groups. */
    private static AttributeSpec.Builder targetGroupHealth(AttributeSpec.Builder b) {
        return b
                .key("target_group_health.dns_failover.minimum_healthy_targets.count", "1",
                        v -> v.equals("off") || v.matches("[1-9]\\d{0,8}"), "off or a positive integer")
                .key("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off",
                        v -> v.equals("off") || v.matches("[1-9]\\d?|100"), "off or 1-100")
                .key("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1",
                        v -> v.matches("[1-9]\\d{0,8}"), "a positive integer")
                .key("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off",
                        v -> v.equals("off") || v.matches("[1-9]\\d?|100"), "off or 1-100");
    }

    /**
     * Ballast's key naming the lb_cookie stickiness cookie when it is not ALB's {@code AWSALB}: a Classic Load
     * Balancer's listener with an LBCookieStickinessPolicyType policy issues {@code AWSELB}. It is in no
     * {@link AttributeSpec}, so no API accepts it; only the Classic mapping sets it.
     */
    public static final String STICKINESS_COOKIE_NAME = "ballast.stickiness.cookie_name";
    /** Ballast's key, "true" when the stickiness cookie lasts the browser session (Classic's period 0); never from an API. */
    public static final String STICKINESS_SESSION_COOKIE = "ballast.stickiness.session_cookie";

    /**
     * Ballast's key, "true" when targets get a PROXY protocol version 1 (text) header: a Classic Load Balancer's TCP
     * and SSL listeners send one to an instance port with a ProxyProtocolPolicyType policy; never from an API.
     */
    public static final String PROXY_PROTOCOL_V1 = "ballast.proxy_protocol_v1.enabled";

    /** Copies the map. */
    public TargetGroupAttributes {
        values = Map.copyOf(values);
    }

    /** The defaults of an application load balancer's target group. */
    public static TargetGroupAttributes defaults() {
        return new TargetGroupAttributes(APPLICATION.defaults());
    }

    /** The defaults of a target group of {@code protocol}: network keys for TCP, TLS, UDP and TCP_UDP groups. */
    public static TargetGroupAttributes defaultsFor(Protocol protocol) {
        return new TargetGroupAttributes(spec(protocol).defaults());
    }

    /** The documented keys of a target group of {@code protocol}. */
    public static AttributeSpec spec(Protocol protocol) {
        return protocol.isHttp() ? APPLICATION : NETWORK;
    }

    /** These attributes with {@code changes} applied after validation (application target group keys). */
    public TargetGroupAttributes with(Map<String, String> changes) {
        return new TargetGroupAttributes(APPLICATION.apply(values, changes));
    }

    /** These attributes with {@code changes} applied after validation against the keys of a {@code protocol} group. */
    public TargetGroupAttributes with(Protocol protocol, Map<String, String> changes) {
        TargetGroupAttributes next = new TargetGroupAttributes(spec(protocol).apply(values, changes));
        // "Sticky sessions are not supported with TLS listeners and TLS target groups." (Network Load Balancers
        // guide, Target groups, Sticky sessions)
        if (protocol == Protocol.TLS && next.stickinessEnabled()) {
            throw new ValidationException("stickiness.enabled: 'true' (expected: false; sticky sessions are not "
                    + "supported with TLS target groups)");
        }
        return next;
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

    /** {@code stickiness.type}: lb_cookie or app_cookie (application), source_ip (network). */
    public String stickinessType() {
        return values.getOrDefault("stickiness.type", "lb_cookie");
    }

    /** {@code stickiness.lb_cookie.duration_seconds} (default 86400). */
    public int lbCookieDurationSeconds() {
        return intValue("stickiness.lb_cookie.duration_seconds", 86400);
    }

    /** The lb_cookie stickiness cookie's name: {@code AWSALB}, or a Classic load balancer's {@code AWSELB}. */
    public String stickinessCookieName() {
        return values.getOrDefault(STICKINESS_COOKIE_NAME, "AWSALB");
    }

    /** True when the lb_cookie is issued as Classic issues it: one cookie, without a CORS twin. */
    public boolean classicStickinessCookie() {
        return values.containsKey(STICKINESS_COOKIE_NAME);
    }

    /**
     * True for a Classic load balancer's AppCookieStickinessPolicyType: sticky by its cookie ({@code AWSELB}) while
     * the request carries the application's cookie, the cookie issued when a response sets the application's.
     */
    public boolean classicAppCookieStickiness() {
        return stickinessEnabled() && "app_cookie".equals(values.get("stickiness.type"))
                && classicStickinessCookie();
    }

    /** {@code stickiness.app_cookie.cookie_name}. */
    public String appCookieName() {
        return values.getOrDefault("stickiness.app_cookie.cookie_name", "");
    }

    /** True when the stickiness cookie carries no expiry and lasts the browser session. */
    public boolean stickinessSessionCookie() {
        return flag(STICKINESS_SESSION_COOKIE);
    }

    /** {@code target_group_health.unhealthy_state_routing.minimum_healthy_targets.count} (default 1). */
    public int minimumHealthyTargets() {
        return intValue("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", 1);
    }

    /** {@code deregistration_delay.connection_termination.enabled}: cut a target's connections when draining ends. */
    public boolean connectionTerminationOnDeregistration() {
        return flag("deregistration_delay.connection_termination.enabled");
    }

    /** {@code proxy_protocol_v2.enabled}: send a PROXY protocol v2 header to targets. */
    public boolean proxyProtocolV2() {
        return flag("proxy_protocol_v2.enabled");
    }

    /** {@link #PROXY_PROTOCOL_V1}: send a PROXY protocol v1 header to targets (Classic's backend policy). */
    public boolean proxyProtocolV1() {
        return flag(PROXY_PROTOCOL_V1);
    }

    /** {@code preserve_client_ip.enabled}. */
    public boolean preserveClientIp() {
        return flag("preserve_client_ip.enabled");
    }

    /** True when {@code stickiness.enabled} with {@code stickiness.type} {@code source_ip}. */
    public boolean sourceIpStickiness() {
        return stickinessEnabled() && "source_ip".equals(values.get("stickiness.type"));
    }

    private boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }

    private int intValue(String key, int fallback) {
        String v = values.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
