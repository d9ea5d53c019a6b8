package dev.ballast.control.acm;

/**
 * Why a certificate, private key or chain cannot be imported; each API turns it into its own AWS error (ACM's
 * {@code ValidationException}, IAM's {@code MalformedCertificate} or {@code KeyPairMismatch}). The message never
 * contains key material.
 *
 * <p>Thread-safe (immutable).
 */
public final class CertificateProblem extends RuntimeException {
    /** What is wrong. */
    public enum Kind { MALFORMED, KEY_MISMATCH, NOT_VALID_NOW, CHAIN_ORDER }

    private final Kind kind;

    /** A problem of {@code kind} described by {@code message}. */
    public CertificateProblem(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** What is wrong. */
    public Kind kind() {
        return kind;
    }
}
