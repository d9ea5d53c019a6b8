package dev.ballast.proxy.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates the OpenSSL cipher names of AWS's security policies into the IANA (Java) names Netty's
 * {@code SslContextBuilder} takes for either provider (it translates them back for OpenSSL, and drops the ones a
 * provider does not support only when they are given by their Java names). A name without a counterpart is left
 * out.
 *
 * <p>Thread-safe (stateless).
 */
public final class PolicyCipherNames {
    private static final Map<String, String> JDK = Map.ofEntries(
            Map.entry("TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"),
            Map.entry("TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"),
            Map.entry("TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"));

    private PolicyCipherNames() {}

    /** The OpenSSL name of the IANA cipher suite {@code javaName}, or {@code javaName} itself when it has none here. */
    public static String openSslName(String javaName) {
        for (Map.Entry<String, String> e : JDK.entrySet()) {
            if (e.getValue().equals(javaName)) {
                return e.getKey();
            }
        }
        return javaName;
    }

    /** {@code openSslNames} by their IANA names, in the same order. */
    public static List<String> javaNames(List<String> openSslNames) {
        List<String> out = new ArrayList<>();
        for (String name : openSslNames) {
            String jdk = JDK.get(name);
            if (jdk != null) {
                out.add(jdk);
            }
        }
        return out;
    }
}
