package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the data plane connects to reach a target: an {@code ip} target at its own id, an instance target
 * ({@code i-…}) at the address of that instance as the control plane published it. Every connect site and the
 * health prober ask this one resolver, so an instance target is reached the same way by traffic and by probes.
 *
 * <p>Thread-safe (immutable).
 */
public final class TargetAddresses {
    private static final TargetAddresses NONE = new TargetAddresses(Map.of());

    private final Map<String, String> instanceAddresses;

    private TargetAddresses(Map<String, String> instanceAddresses) {
        this.instanceAddresses = instanceAddresses;
    }

    /** A resolver knowing {@code instanceAddresses} (instance id → IP literal). */
    public static TargetAddresses of(Map<String, String> instanceAddresses) {
        Check.present("instanceAddresses", instanceAddresses);
        instanceAddresses.forEach((id, address) -> {
            Check.that(isInstanceId(id), "InstanceId", id, "an instance id such as i-0123456789abcdef0");
            Check.text("InstanceAddress", address);
        });
        return instanceAddresses.isEmpty() ? NONE : new TargetAddresses(Map.copyOf(instanceAddresses));
    }

    /** A resolver that knows no instance. */
    public static TargetAddresses none() {
        return NONE;
    }

    /** True when {@code id} names an instance rather than an address. */
    public static boolean isInstanceId(String id) {
        return id != null && id.startsWith("i-");
    }

    /**
     * The IP literal to connect to for {@code target}: the target's id itself unless it is an instance id; the
     * instance's address for a known instance; null for an unknown one (the caller answers as for an unreachable
     * target).
     */
    public String ipOf(Target target) {
        String id = target.id();
        return isInstanceId(id) ? instanceAddresses.get(id) : id;
    }

    /** The known instances: id → address. */
    public Map<String, String> instanceAddresses() {
        return instanceAddresses;
    }

    /** A resolver knowing the instances of this one and of {@code other} (this one wins on a shared id). */
    public TargetAddresses and(TargetAddresses other) {
        if (other.instanceAddresses.isEmpty()) {
            return this;
        }
        Map<String, String> union = new HashMap<>(other.instanceAddresses);
        union.putAll(instanceAddresses);
        return of(union);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetAddresses t && instanceAddresses.equals(t.instanceAddresses);
    }

    @Override
    public int hashCode() {
        return instanceAddresses.hashCode();
    }
}
