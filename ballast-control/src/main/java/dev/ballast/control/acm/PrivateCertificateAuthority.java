package dev.ballast.control.acm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Ballast's own certificate authority, which issues ACM's requested certificates at once (Ballast cannot reach a
 * public CA, as ACM Private CA or Caddy's internal CA do): a self-signed EC P-256 root made on first use in its
 * directory of the data directory ({@code ca.pem}, and {@code ca-key.pem} readable by its owner only), valid 10
 * years. The key never leaves this class: no API returns it and nothing logs it.
 *
 * <p>Thread-safe: creation and issuing are synchronised.
 */
public final class PrivateCertificateAuthority {
    /** The certificate file of the root in the CA's directory; clients trust it (GetCertificate's chain too). */
    public static final String CERTIFICATE_FILE = "ca.pem";
    /** The private key file of the root, mode 0600. */
    public static final String KEY_FILE = "ca-key.pem";
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);

    private final Path directory;
    private final SecureRandom random = new SecureRandom();
    private X509Certificate root;
    private PrivateKey rootKey;

    /** The CA kept in {@code directory}; nothing is read or made before the first certificate is issued. */
    public PrivateCertificateAuthority(Path directory) {
        this.directory = directory;
    }

    /** What the CA issued: the certificate, its chain (the root) and the new key, in PEM. */
    record Issued(String certificatePem, String chainPem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Issued[certificate]";
        }
    }

    /**
     * Issues a server certificate for {@code names} (the first is the subject's CN and every one a DNS subject
     * alternative name) with a new key of ACM's {@code keyAlgorithm}, valid from {@code notBefore} for
     * {@code validity}.
     */
    synchronized Issued issue(List<String> names, String keyAlgorithm, Instant notBefore, Duration validity) {
        loadOrCreate();
        try {
            KeyPair pair = keyPair(keyAlgorithm);
            GeneralName[] sans = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, serial(), Date.from(notBefore),
                    Date.from(notBefore.plus(validity)), new X500Name("CN=" + names.get(0)), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | (keyAlgorithm.startsWith("RSA") ? KeyUsage.keyEncipherment : 0)))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(root));
            X509Certificate leaf = signed(builder, rootKey);
            return new Issued(PemReader.pem("CERTIFICATE", leaf.getEncoded()), PemReader.pem("CERTIFICATE",
                    root.getEncoded()), PemReader.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the private CA could not issue a certificate: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** The root certificate in PEM (made first if there is none yet). */
    public synchronized String rootPem() {
        loadOrCreate();
        try {
            return PemReader.pem("CERTIFICATE", root.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the private CA's certificate cannot be encoded", e);
        }
    }

    private void loadOrCreate() {
        if (root != null) {
            return;
        }
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        try {
            if (Files.exists(certificateFile) && Files.exists(keyFile)) {
                try (var in = Files.newInputStream(certificateFile)) {
                    root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                }
                byte[] der = PemReader.blocks(KEY_FILE, Files.readString(keyFile)).get(0).der();
                rootKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
                return;
            }
            create(certificateFile, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("the private CA in " + directory + " cannot be read or made", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the private CA in " + directory + " is damaged: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private void create(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        KeyPair pair = keyPair("EC_prime256v1");
        byte[] id = new byte[4];
        random.nextBytes(id);
        X500Name name = new X500Name("CN=Ballast Private CA " + HexFormat.of().formatHex(id) + ",O=Ballast");
        Instant now = Instant.now();
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now),
                Date.from(now.plus(ROOT_VALIDITY)), name, pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(pair.getPublic()));
        X509Certificate certificate = signed(builder, pair.getPrivate());
        // the key is written to a file made 0600 before any byte goes in; the certificate is written last, so a
        // crash between the two leaves no usable half (both are made again)
        Path partialKey = directory.resolve(KEY_FILE + ".new");
        Files.deleteIfExists(partialKey);
        Files.createFile(partialKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rw-------")));
        Files.writeString(partialKey, PemReader.pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(partialKey, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(certificateFile, PemReader.pem("CERTIFICATE", certificate.getEncoded()),
                StandardCharsets.US_ASCII);
        root = certificate;
        rootKey = pair.getPrivate();
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X509Certificate signed(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no signer for the CA key", e);
        }
    }

    /** A new key pair of ACM's key algorithm {@code RSA_2048}, {@code EC_prime256v1} or {@code EC_secp384r1}. */
    private KeyPair keyPair(String keyAlgorithm) throws GeneralSecurityException {
        KeyPairGenerator generator;
        switch (keyAlgorithm) {
            case "RSA_2048" -> {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, random);
            }
            case "EC_prime256v1" -> {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            }
            case "EC_secp384r1" -> {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp384r1"), random);
            }
            default -> throw new IllegalArgumentException("key algorithm " + keyAlgorithm);
        }
        return generator.generateKeyPair();
    }
}
