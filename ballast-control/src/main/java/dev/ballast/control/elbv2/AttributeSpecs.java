package dev.ballast.control.elbv2;

import dev.ballast.core.model.AttributeSpec;
import dev.ballast.core.model.ListenerAttributes;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.TargetGroupAttributes;

/**
 * The attribute specs of listeners and target groups as AWS documents them (network ones come from the core
 * model, which the data plane reads them with), and the choice of spec per resource.
 *
 * <p>Thread-safe (immutable).
 */
public final class AttributeSpecs {
    /** The documented keys of a target group used by a network load balancer. */
    public static final AttributeSpec NETWORK_TARGET_GROUP = TargetGroupAttributes.NETWORK;

    /** The documented keys of an HTTP or HTTPS listener. */
    public static final AttributeSpec HTTP_LISTENER = httpListener();

    /** The documented keys of a TCP, TLS, UDP or TCP_UDP listener. */
    public static final AttributeSpec L4_LISTENER = ListenerAttributes.NETWORK;

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
