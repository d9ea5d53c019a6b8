package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registered target: an IP address (or instance id resolved by discovery) and the port it receives
 * traffic on.
 *
 * <p>Thread-safe (immutable; the shared key cache is a concurrent map).
 */
public record Target(String id, int port, String availabilityZone) {
    /**
     * Keys built so far, shared by equal targets: runtime state (counters, health, pools) is looked up by key on
     * every request, and a lookup here costs less than building the string each time and allocates nothing. A
     * record cannot hold the key in a field of its own. The cache is emptied when it grows past the limit, so
     * targets that come and go over months cannot make it grow without bound.
     */
    private static final ConcurrentHashMap<Target, String> KEYS = new ConcurrentHashMap<>();
    private static final int KEY_CACHE_LIMIT = 1 << 16;

    /** Validates id and port. */
    public Target {
        Check.text("Targets.Id", id);
        Check.port("Targets.Port", port);
    }

    /** A target with no availability zone. */
    public Target(String id, int port) {
        this(id, port, null);
    }

    /** Component equality, written out: it runs for every key lookup, and this is cheaper than the generated one. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Target t && port == t.port && id.equals(t.id)
                && Objects.equals(availabilityZone, t.availabilityZone);
    }

    @Override
    public int hashCode() {
        return (31 * id.hashCode() + port) * 31 + Objects.hashCode(availabilityZone);
    }

    /** {@code id:port} ({@code [v6]:port} for IPv6), the key that runtime state (health, counters) is kept under. */
    public String key() {
        String key = KEYS.get(this);
        if (key == null) {
            if (KEYS.size() >= KEY_CACHE_LIMIT) {
                KEYS.clear();
            }
            key = id.indexOf(':') >= 0 ? "[" + id + "]:" + port : id + ":" + port;
            KEYS.put(this, key);
        }
        return key;
    }
}
