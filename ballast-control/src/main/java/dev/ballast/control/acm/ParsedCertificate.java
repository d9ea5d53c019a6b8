package dev.ballast.control.acm;

import java.util.List;

/**
 * What an import learned from a certificate that passed every check: its PEM forms (the key as PKCS#8) and the
 * facts DescribeCertificate shows.
 *
 * <p>Thread-safe (immutable). {@link #toString} leaves the key out.
 */
public record ParsedCertificate(String certificatePem, String chainPem, String privateKeyPem, String domainName,
                         List<String> subjectAlternativeNames, long notBefore, long notAfter, String serial,
                         String subject, String issuer, String keyAlgorithm, String signatureAlgorithm) {
    public ParsedCertificate {
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
    }

    @Override
    public String toString() {
        return "ParsedCertificate[" + domainName + " serial " + serial + "]";
    }
}
