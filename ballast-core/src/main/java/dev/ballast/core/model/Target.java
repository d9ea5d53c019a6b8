package dev.ballast.core.model;

import dev.ballast.core.validation.Check;

/**
 * A registered target: an IP address (or instance id resolved by discovery) and the port it receives
 * traffic on.
 *
 * <p>Thread-safe (immutable).
 */
public record Target(String id, int port, String availabilityZone) {
    /** Validates id and port. */
    public Target {
        Check.text("Targets.Id", id);
        Check.port("Targets.Port", port);
    }

    /** A target with no availability zone. */
    public Target(String id, int port) {
        this(id, port, null);
    }

    /** {@code id:port}, the key that runtime state (health, counters) is kept under. */
    public String key() {
        return id.indexOf(':') >= 0 ? "[" + id + "]:" + port : id + ":" + port;
    }
}
