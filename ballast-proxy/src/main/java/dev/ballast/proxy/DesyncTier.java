package dev.ballast.proxy;

/**
 * How risky a request's HTTP/1.x framing is, in the four classes of AWS's {@code http_desync_guardian}: RFC
 * compliant; non-compliant but harmless; ambiguous (servers could disagree on where it ends); severe.
 *
 * <p>Thread-safe (immutable).
 */
enum DesyncTier {
    COMPLIANT,
    ACCEPTABLE,
    AMBIGUOUS,
    SEVERE;

    /** The higher of this tier and {@code other}. */
    DesyncTier max(DesyncTier other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
