package dev.ballast.core.model;

/**
 * Whether a load balancer faces the internet (public bind address) or is internal (a private address).
 *
 * <p>Thread-safe (enum).
 */
public enum Scheme {
    INTERNET_FACING("internet-facing"), INTERNAL("internal");

    private final String wire;

    Scheme(String wire) {
        this.wire = wire;
    }

    /** AWS's wire string. */
    public String wire() {
        return wire;
    }

    /** Parses AWS's wire string. */
    public static Scheme fromWire(String value) {
        return WireEnums.parse("Scheme", value, values(), Scheme::wire);
    }
}
