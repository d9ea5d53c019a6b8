package dev.ballast.control.elbv2;

import java.util.List;

/**
 * The security policies DescribeSSLPolicies lists, with their protocols and ciphers in preference order.
 *
 * <p>Thread-safe (immutable).
 */
public final class SslPolicies {
    /** One policy. */
    public record Policy(String name, List<String> protocols, List<String> ciphers, List<String> loadBalancerTypes) {}

    /** The policy a new HTTPS or TLS listener gets when none is named. */
    public static final String DEFAULT = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private static final List<String> TLS13 = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");
    private static final List<String> TLS12 = List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384");
    private static final List<String> LEGACY = List.of("ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
            "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA", "AES128-GCM-SHA256", "AES128-SHA256", "AES128-SHA",
            "AES256-GCM-SHA384", "AES256-SHA256", "AES256-SHA");
    private static final List<String> BOTH = List.of("application", "network");

    /** Every policy, by name. */
    public static final List<Policy> ALL = List.of(
            new Policy(DEFAULT, List.of("TLSv1.3", "TLSv1.2"), concat(TLS13, TLS12), BOTH),
            new Policy("ELBSecurityPolicy-TLS13-1-3-2021-06", List.of("TLSv1.3"), TLS13, BOTH),
            new Policy("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", List.of("TLSv1.3", "TLSv1.2"),
                    concat(TLS13, TLS12.subList(0, 2)), BOTH),
            new Policy("ELBSecurityPolicy-TLS-1-2-2017-01", List.of("TLSv1.2"), concat(TLS12, LEGACY), BOTH),
            new Policy("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", List.of("TLSv1.2"), concat(TLS12, LEGACY), BOTH),
            new Policy("ELBSecurityPolicy-2016-08", List.of("TLSv1", "TLSv1.1", "TLSv1.2"), concat(TLS12, LEGACY),
                    BOTH));

    private SslPolicies() {}

    /** The policy called {@code name}, or null. */
    public static Policy find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
