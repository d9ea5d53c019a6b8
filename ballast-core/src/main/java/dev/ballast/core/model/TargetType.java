package dev.ballast.core.model;

/**
 * How targets of a group are addressed.
 *
 * <p>Thread-safe (enum).
 */
public enum TargetType {
    IP("ip"), INSTANCE("instance"), LAMBDA("lambda"), ALB("alb");

    private final String wire;

    TargetType(String wire) {
        this.wire = wire;
    }

    /** AWS's wire string. */
    public String wire() {
        return wire;
    }

    /** Parses AWS's wire string. */
    public static TargetType fromWire(String value) {
        return WireEnums.parse("TargetType", value, values(), TargetType::wire);
    }
}
