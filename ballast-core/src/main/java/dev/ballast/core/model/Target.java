package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.Objects;

/**
 * A registered target: an IP address (or instance id resolved by discovery) and the port it receives
 * traffic on.
 *
 * <p>A value class with the accessors, equality and string form of a record; it is a class only so that its
 * {@link #key()}, which runtime state is looked up by on every request, is built once rather than per call.
 *
 * <p>Thread-safe (immutable).
 */
public final class Target {
    private final String id;
    private final int port;
    private final String availabilityZone;
    private final String key;

    /** Validates id and port. */
    public Target(String id, int port, String availabilityZone) {
        Check.text("Targets.Id", id);
        Check.port("Targets.Port", port);
        this.id = id;
        this.port = port;
        this.availabilityZone = availabilityZone;
        this.key = id.indexOf(':') >= 0 ? "[" + id + "]:" + port : id + ":" + port;
    }

    /** A target with no availability zone. */
    public Target(String id, int port) {
        this(id, port, null);
    }

    /** The IP address or instance id. */
    public String id() {
        return id;
    }

    /** The port the target receives traffic on. */
    public int port() {
        return port;
    }

    /** The availability zone, or null. */
    public String availabilityZone() {
        return availabilityZone;
    }

    /** {@code id:port} ({@code [v6]:port} for IPv6), the key that runtime state (health, counters) is kept under. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Target t && port == t.port && id.equals(t.id)
                && Objects.equals(availabilityZone, t.availabilityZone);
    }

    @Override
    public int hashCode() {
        return (31 * id.hashCode() + port) * 31 + Objects.hashCode(availabilityZone);
    }

    @Override
    public String toString() {
        return "Target[id=" + id + ", port=" + port + ", availabilityZone=" + availabilityZone + "]";
    }
}
