package dev.ballast.control.elbv2;

import dev.ballast.core.model.AttributeSpec;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.TargetGroupAttributes;

/**
 * The attribute specs the core model does not carry: network target groups and listeners, as AWS documents
 * them; and the choice of spec per resource.
 *
 * <p>Thread-safe (immutable).
 */
public final class AttributeSpecs {
    /** The documented keys of a target group used by a network load balancer. */
    public static final AttributeSpec NETWORK_TARGET_GROUP = AttributeSpec.builder("network target group")
            .integer("deregistration_delay.timeout_seconds", 300, 0, 3600)
            .bool("deregistration_delay.connection_termination.enabled", false)
            .bool("preserve_client_ip.enabled", false)
            .bool("proxy_protocol_v2.enabled", false)
            .bool("stickiness.enabled", false)
            .oneOf("stickiness.type", "source_ip", "source_ip")
            .oneOf("load_balancing.cross_zone.enabled", "use_load_balancer_configuration",
                    "true", "false", "use_load_balancer_configuration")
            .key("target_group_health.dns_failover.minimum_healthy_targets.count", "1",
                    v -> v.equals("off") || v.matches("[1-9]\\d{0,8}"), "off or a positive integer")
            .key("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off",
                    v -> v.equals("off") || v.matches("[1-9]\\d?|100"), "off or 1-100")
            .key("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1",
                    v -> v.matches("[1-9]\\d{0,8}"), "a positive integer")
            .key("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off",
                    v -> v.equals("off") || v.matches("[1-9]\\d?|100"), "off or 1-100")
            .bool("target_health_state.unhealthy.connection_termination.enabled", true)
            .integer("target_health_state.unhealthy.draining_interval_seconds", 0, 0, 360000)
            .build();

    /** The documented keys of an HTTP or HTTPS listener. */
    public static final AttributeSpec HTTP_LISTENER = httpListener();

    /** The documented keys of a TCP, TLS, UDP or TCP_UDP listener. */
    public static final AttributeSpec L4_LISTENER = AttributeSpec.builder("network listener")
            .integer("tcp.idle_timeout.seconds", 350, 60, 6000)
            .build();

    private AttributeSpecs() {}

    private static AttributeSpec httpListener() {
        AttributeSpec.Builder b = AttributeSpec.builder("listener");
        for (String header : new String[] {"x_amzn_mtls_clientcert_serial_number", "x_amzn_mtls_clientcert_issuer",
                "x_amzn_mtls_clientcert_subject", "x_amzn_mtls_clientcert_validity", "x_amzn_mtls_clientcert_leaf",
                "x_amzn_mtls_clientcert", "x_amzn_tls_version", "x_amzn_tls_cipher_suite"}) {
            b.key("routing.http.request." + header + ".header_name", "",
                    v -> v.isEmpty() || v.matches("[A-Za-z0-9-]{1,40}"), "a header name of 1-40 letters, digits and -");
        }
        b.bool("routing.http.response.server.enabled", true);
        for (String header : new String[] {"strict_transport_security", "access_control_allow_origin",
                "access_control_allow_methods", "access_control_allow_headers", "access_control_allow_credentials",
                "access_control_expose_headers", "access_control_max_age", "content_security_policy",
                "x_content_type_options", "x_frame_options"}) {
            b.text("routing.http.response." + header + ".header_value", "", 1024);
        }
        return b.build();
    }

    /** The spec of a target group of {@code protocol}. */
    public static AttributeSpec targetGroup(Protocol protocol) {
        return protocol.isHttp() ? TargetGroupAttributes.APPLICATION : NETWORK_TARGET_GROUP;
    }

    /** The spec of a listener of {@code protocol}. */
    public static AttributeSpec listener(Protocol protocol) {
        return protocol.isHttp() ? HTTP_LISTENER : L4_LISTENER;
    }
}
