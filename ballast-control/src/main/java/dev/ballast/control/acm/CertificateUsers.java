package dev.ballast.control.acm;

import java.util.List;

/**
 * Which listeners use a certificate (ACM's InUseBy, and what blocks DeleteCertificate): answered by the load
 * balancer control planes from their latest state.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CertificateUsers {
    /** Nobody uses any certificate (tests of the certificate API alone). */
    CertificateUsers NONE = arn -> List.of();

    /** The ARNs of the listeners (or Classic load balancers) that use certificate {@code certificateArn}. */
    List<String> usersOf(String certificateArn);
}
