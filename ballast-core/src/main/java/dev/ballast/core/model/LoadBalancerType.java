package dev.ballast.core.model;

/**
 * The kind of an ELBv2 load balancer; {@link #wire()} is AWS's string.
 *
 * <p>Thread-safe (enum).
 */
public enum LoadBalancerType {
    APPLICATION("application"), NETWORK("network");

    private final String wire;

    LoadBalancerType(String wire) {
        this.wire = wire;
    }

    /** AWS's wire string. */
    public String wire() {
        return wire;
    }

    /** Parses AWS's wire string. */
    public static LoadBalancerType fromWire(String value) {
        return WireEnums.parse("Type", value, values(), LoadBalancerType::wire);
    }
}
