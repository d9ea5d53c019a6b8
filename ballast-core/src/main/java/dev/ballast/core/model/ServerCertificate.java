package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.List;

/**
 * A certificate a TLS listener can present: its ARN (ACM or IAM), the PEM chain (the certificate first, then its
 * issuers), the PKCS#8 PEM private key and the names it serves (subject CN and DNS subject alternative names,
 * lower case, wildcards as {@code *.example.com}).
 *
 * <p>{@link #toString} never shows the private key, so a certificate can be logged or put in an error safely.
 *
 * @param notAfterMillis the end of the certificate's validity, epoch milliseconds (among several certificates that
 *     match a server name equally well, the one valid longest is presented)
 *
 * <p>Thread-safe (immutable).
 */
public record ServerCertificate(String arn, String chainPem, String privateKeyPem, List<String> names,
                                long notAfterMillis) {
    /** Validates the fields. */
    public ServerCertificate {
        Check.text("CertificateArn", arn);
        Check.text("Certificate", chainPem);
        Check.text("PrivateKey", privateKeyPem);
        names = List.copyOf(names);
    }

    /** The ARN and names; never the key. */
    @Override
    public String toString() {
        return "ServerCertificate[" + arn + " " + names + "]";
    }
}
