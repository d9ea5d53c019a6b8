package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.List;

/**
 * What a TLS-terminating listener (HTTPS, TLS, Classic HTTPS/SSL) presents and accepts: its certificates (the
 * default first, then those added with AddListenerCertificates), the security policy's protocol versions and cipher
 * suites (OpenSSL names, preference order) and its ALPN policy.
 *
 * @param sslPolicy the policy name, e.g. {@code ELBSecurityPolicy-TLS13-1-2-2021-06}
 * @param protocols {@code TLSv1}, {@code TLSv1.1}, {@code TLSv1.2}, {@code TLSv1.3}
 * @param ciphers OpenSSL cipher names as DescribeSSLPolicies lists them
 * @param alpnPolicy a network listener's {@code AlpnPolicy} ({@code None} when empty)
 *
 * <p>Thread-safe (immutable).
 */
public record ListenerTls(List<String> certificateArns, String sslPolicy, List<String> protocols,
                          List<String> ciphers, List<String> alpnPolicy) {
    /** Validates and copies. */
    public ListenerTls {
        certificateArns = Check.list("Certificates", certificateArns, 1, 100);
        Check.text("SslPolicy", sslPolicy);
        protocols = Check.list("SslPolicy.Protocols", protocols, 1, 4);
        ciphers = List.copyOf(ciphers);
        alpnPolicy = alpnPolicy == null ? List.of() : List.copyOf(alpnPolicy);
    }

    /** The default certificate's ARN. */
    public String defaultCertificateArn() {
        return certificateArns.get(0);
    }
}
