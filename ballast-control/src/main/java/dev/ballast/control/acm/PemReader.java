package dev.ballast.control.acm;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys with the JDK alone: certificates in {@code CERTIFICATE} blocks; keys as
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC 1 EC ({@code EC PRIVATE KEY}), the
 * forms ACM accepts unencrypted. Keys are returned as PKCS#8 whatever form they came in, so the data plane reads one
 * form.
 *
 * <p>Thread-safe (stateless).
 */
final class PemReader {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    // DER of the AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    // DER of the OID id-ecPublicKey (1.2.840.10045.2.1).
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private PemReader() {}

    /** One PEM block: its label and its decoded bytes. */
    record Block(String label, byte[] der) {}

    /** Every PEM block of {@code pem}; {@code field} names the input in errors. */
    static List<Block> blocks(String field, String pem) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        int end = 0;
        while (m.find()) {
            if (!pem.substring(end, m.start()).isBlank()) {
                throw malformed(field, "text outside a PEM block");
            }
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw malformed(field, "the base64 body of a " + m.group(1) + " block is damaged");
            }
            end = m.end();
        }
        if (out.isEmpty() || !pem.substring(end).isBlank()) {
            throw malformed(field, out.isEmpty() ? "no PEM block" : "text outside a PEM block");
        }
        return out;
    }

    /** The certificates of {@code pem}, in order; every block must be a {@code CERTIFICATE}. */
    static List<X509Certificate> certificates(String field, String pem) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(field, pem)) {
                if (!block.label().equals("CERTIFICATE")) {
                    throw malformed(field, "a " + block.label() + " block where a CERTIFICATE was expected");
                }
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        } catch (CertificateException e) {
            throw malformed(field, "not an X.509 certificate");
        }
        return out;
    }

    /** The one private key of {@code pem}, as PKCS#8 DER and as a key. */
    static PrivateKeyDer privateKey(String pem) {
        List<Block> blocks = blocks("PrivateKey", pem);
        if (blocks.size() != 1) {
            throw malformed("PrivateKey", blocks.size() + " PEM blocks (expected: one private key)");
        }
        Block block = blocks.get(0);
        byte[] pkcs8 = switch (block.label()) {
            case "PRIVATE KEY" -> block.der();
            case "RSA PRIVATE KEY" -> sequence(concat(hex("020100"), RSA_ALGORITHM, octetString(block.der())));
            case "EC PRIVATE KEY" -> sequence(concat(hex("020100"),
                    sequence(concat(EC_PUBLIC_KEY_OID, ecCurve(block.der()))), octetString(block.der())));
            case "ENCRYPTED PRIVATE KEY" -> throw malformed("PrivateKey",
                    "an encrypted key (expected: an unencrypted key, as ACM requires)");
            default -> throw malformed("PrivateKey", "a " + block.label()
                    + " block (expected: PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
        };
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                return new PrivateKeyDer(key, pkcs8);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // try the next algorithm
            }
        }
        throw malformed("PrivateKey", "not an RSA or EC private key");
    }

    /** A private key and its PKCS#8 encoding. */
    record PrivateKeyDer(PrivateKey key, byte[] pkcs8) {
        @Override
        public String toString() {
            return "PrivateKeyDer[" + key.getAlgorithm() + "]";
        }
    }

    /** The PEM text of {@code der} under {@code label}, 64 columns. */
    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * The named-curve OID of a SEC 1 {@code ECPrivateKey}: SEQUENCE { version, privateKey OCTET STRING,
     * [0] parameters OID, [1] publicKey }.
     */
    private static byte[] ecCurve(byte[] sec1) {
        try {
            int[] seq = header(sec1, 0);
            int p = seq[0];
            for (int i = 0; i < 2; i++) { // skip version and privateKey
                int[] h = header(sec1, p);
                p = h[0] + h[1];
            }
            if ((sec1[p] & 0xff) != 0xa0) {
                throw malformed("PrivateKey", "an EC key without its curve");
            }
            int[] params = header(sec1, p);
            int[] oid = header(sec1, params[0]);
            byte[] out = new byte[oid[0] + oid[1] - params[0]];
            System.arraycopy(sec1, params[0], out, 0, out.length);
            return out;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw malformed("PrivateKey", "a damaged EC PRIVATE KEY");
        }
    }

    /** {contentStart, contentLength} of the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int len = der[at + 1] & 0xff;
        int start = at + 2;
        if (len > 0x80) {
            int n = len - 0x80;
            len = new BigInteger(1, java.util.Arrays.copyOfRange(der, start, start + n)).intValueExact();
            start += n;
        }
        return new int[] {start, len};
    }

    private static byte[] sequence(byte[] content) {
        return tagged(0x30, content);
    }

    private static byte[] octetString(byte[] content) {
        return tagged(0x04, content);
    }

    private static byte[] tagged(int tag, byte[] content) {
        byte[] length;
        if (content.length < 0x80) {
            length = new byte[] {(byte) content.length};
        } else {
            byte[] n = BigInteger.valueOf(content.length).toByteArray();
            int skip = n[0] == 0 ? 1 : 0;
            length = new byte[n.length - skip + 1];
            length[0] = (byte) (0x80 | (n.length - skip));
            System.arraycopy(n, skip, length, 1, n.length - skip);
        }
        return concat(new byte[] {(byte) tag}, length, content);
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static CertificateProblem malformed(String field, String what) {
        return new CertificateProblem(CertificateProblem.Kind.MALFORMED, field + ": " + what
                + " (expected: PEM-encoded " + (field.equals("PrivateKey") ? "private key" : "X.509 certificates")
                + ")");
    }
}
