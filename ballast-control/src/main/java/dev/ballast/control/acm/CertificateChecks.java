package dev.ballast.control.acm;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Checks an imported certificate as ACM and IAM do before storing anything: one PEM certificate, an unencrypted
 * private key that belongs to it, a certificate valid now, and a chain in order (each certificate issued by the
 * next). Returns what DescribeCertificate shows.
 *
 * <p>Thread-safe (stateless).
 */
final class CertificateChecks {
    private CertificateChecks() {}

    /**
     * Checks {@code certificatePem} with {@code privateKeyPem} and {@code chainPem} (null: none) at {@code now}.
     *
     * @throws CertificateProblem naming what is wrong; the message never contains key material
     */
    static ParsedCertificate check(String certificatePem, String privateKeyPem, String chainPem, Instant now) {
        List<X509Certificate> certificates = PemReader.certificates("Certificate", certificatePem);
        if (certificates.size() != 1) {
            throw new CertificateProblem(CertificateProblem.Kind.MALFORMED, "Certificate: " + certificates.size()
                    + " certificates (expected: exactly one; put its issuers in CertificateChain)");
        }
        X509Certificate leaf = certificates.get(0);
        List<X509Certificate> chain = chainPem == null || chainPem.isBlank() ? List.of()
                : PemReader.certificates("CertificateChain", chainPem);
        PemReader.PrivateKeyDer key = PemReader.privateKey(privateKeyPem);
        checkKeyMatches(leaf.getPublicKey(), key);
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new CertificateProblem(CertificateProblem.Kind.NOT_VALID_NOW, "Certificate: not valid before "
                    + leaf.getNotBefore().toInstant() + " (expected: a certificate valid now, " + now + ")");
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new CertificateProblem(CertificateProblem.Kind.NOT_VALID_NOW, "Certificate: expired at "
                    + leaf.getNotAfter().toInstant() + " (expected: a certificate valid now, " + now + ")");
        }
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain);
        for (int i = 0; i + 1 < path.size(); i++) {
            X509Certificate child = path.get(i);
            X509Certificate issuer = path.get(i + 1);
            if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) || !signedBy(child, issuer)) {
                throw new CertificateProblem(CertificateProblem.Kind.CHAIN_ORDER, "CertificateChain: certificate "
                        + (i + 1) + " (" + issuer.getSubjectX500Principal().getName() + ") did not issue "
                        + child.getSubjectX500Principal().getName() + " (expected: the chain in order, each "
                        + "certificate followed by its issuer)");
            }
        }
        String cn = commonName(leaf);
        List<String> sans = dnsNames(leaf);
        String domain = cn != null ? cn : sans.isEmpty() ? null : sans.get(0);
        if (domain == null) {
            throw new CertificateProblem(CertificateProblem.Kind.MALFORMED,
                    "Certificate: no domain name (expected: a subject CN or a DNS subject alternative name)");
        }
        List<String> names = new ArrayList<>();
        names.add(domain);
        sans.stream().filter(n -> !n.equals(domain)).forEach(names::add);
        return new ParsedCertificate(PemReader.pem("CERTIFICATE", encoded(leaf)),
                chain.isEmpty() ? null : String.join("", chain.stream()
                        .map(c -> PemReader.pem("CERTIFICATE", encoded(c))).toList()),
                PemReader.pem("PRIVATE KEY", key.pkcs8()), domain, names,
                leaf.getNotBefore().getTime(), leaf.getNotAfter().getTime(),
                HexFormat.ofDelimiter(":").formatHex(leaf.getSerialNumber().toByteArray()),
                leaf.getSubjectX500Principal().getName(), issuerName(leaf), keyAlgorithm(leaf.getPublicKey()),
                leaf.getSigAlgName().toUpperCase(Locale.ROOT));
    }

    private static void checkKeyMatches(PublicKey publicKey, PemReader.PrivateKeyDer key) {
        // Signing a random challenge and verifying it with the certificate's key proves the pair for RSA and EC.
        String algorithm = key.key().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        boolean matches;
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key.key());
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new CertificateProblem(CertificateProblem.Kind.KEY_MISMATCH,
                    "PrivateKey: does not match the certificate's public key (expected: the certificate's own key)");
        }
    }

    private static boolean signedBy(X509Certificate child, X509Certificate issuer) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new CertificateProblem(CertificateProblem.Kind.MALFORMED, "Certificate: cannot be encoded");
        }
    }

    private static String commonName(X509Certificate c) {
        try {
            for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString().toLowerCase(Locale.ROOT);
                }
            }
        } catch (InvalidNameException e) {
            // no CN
        }
        return null;
    }

    private static String issuerName(X509Certificate c) {
        try {
            for (Rdn rdn : new LdapName(c.getIssuerX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("O") || rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // fall through
        }
        return c.getIssuerX500Principal().getName();
    }

    private static List<String> dnsNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    if (((Integer) san.get(0)) == 2) { // dNSName
                        out.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new CertificateProblem(CertificateProblem.Kind.MALFORMED,
                    "Certificate: damaged subject alternative names");
        }
        return out;
    }

    /** ACM's KeyAlgorithm: {@code RSA_2048}, {@code EC_prime256v1}, ... */
    private static String keyAlgorithm(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA_" + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> "EC_prime256v1";
                case 384 -> "EC_secp384r1";
                case 521 -> "EC_secp521r1";
                default -> "EC_" + bits;
            };
        }
        return key.getAlgorithm();
    }
}
