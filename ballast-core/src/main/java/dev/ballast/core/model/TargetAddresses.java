package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the data plane connects to reach a target: an {@code ip} target at its own id, an instance target
 * ({@code i-…}) at the address of that instance as the control plane published it, an {@code alb} target (an
 * application load balancer's ARN) at the address its listeners are bound on. Every connect site and the health
 * prober ask this one resolver, so a target is reached the same way by traffic and by probes.
 *
 * <p>Thread-safe (immutable).
 */
public final class TargetAddresses {
    private static final TargetAddresses NONE = new TargetAddresses(Map.of(), Map.of());
    private static final String LOAD_BALANCER = ":loadbalancer/";

    private final Map<String, String> instanceAddresses;
    private final Map<String, String> loadBalancerAddresses;

    private TargetAddresses(Map<String, String> instanceAddresses, Map<String, String> loadBalancerAddresses) {
        this.instanceAddresses = instanceAddresses;
        this.loadBalancerAddresses = loadBalancerAddresses;
    }

    /** A resolver knowing {@code instanceAddresses} (instance id → IP literal). */
    public static TargetAddresses of(Map<String, String> instanceAddresses) {
        Check.present("instanceAddresses", instanceAddresses);
        instanceAddresses.forEach((id, address) -> {
            Check.that(isInstanceId(id), "InstanceId", id, "an instance id such as i-0123456789abcdef0");
            Check.text("InstanceAddress", address);
        });
        return instanceAddresses.isEmpty() ? NONE : new TargetAddresses(Map.copyOf(instanceAddresses), Map.of());
    }

    /** A resolver that knows no instance. */
    public static TargetAddresses none() {
        return NONE;
    }

    /** True when {@code id} names an instance rather than an address. */
    public static boolean isInstanceId(String id) {
        return id != null && id.startsWith("i-");
    }

    /** True when {@code id} is a load balancer's ARN (an {@code alb} target's id names an application one). */
    private static boolean isLoadBalancerArn(String id) {
        return id != null && id.startsWith("arn:") && id.contains(LOAD_BALANCER);
    }

    /**
     * The IP literal to connect to for {@code target}: the target's id itself unless it is an instance id or a load
     * balancer's ARN; the instance's address for a known instance; the load balancer's address for a known
     * application load balancer; null for an unknown instance or a load balancer that is none of those (the caller
     * answers as for an unreachable target).
     */
    public String ipOf(Target target) {
        String id = target.id();
        if (isInstanceId(id)) {
            return instanceAddresses.get(id);
        }
        return isLoadBalancerArn(id) ? loadBalancerAddresses.get(id) : id;
    }

    /** The known instances: id → address. */
    public Map<String, String> instanceAddresses() {
        return instanceAddresses;
    }

    /**
     * This resolver also knowing where each application load balancer of {@code loadBalancers} is reached: its bind
     * address, or the loopback address when it binds the wildcard address (its listeners then answer there too, on
     * every node of a cluster).
     */
    public TargetAddresses withLoadBalancers(Collection<LoadBalancer> loadBalancers) {
        Map<String, String> addresses = new HashMap<>();
        for (LoadBalancer lb : loadBalancers) {
            if (lb.type() == LoadBalancerType.APPLICATION) {
                addresses.put(lb.arn(), reachable(lb.bindAddress()));
            }
        }
        if (addresses.equals(loadBalancerAddresses)) {
            return this;
        }
        return new TargetAddresses(instanceAddresses, Map.copyOf(addresses));
    }

    private static String reachable(String bindAddress) {
        return switch (bindAddress) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::" -> "::1";
            default -> bindAddress;
        };
    }

    /** A resolver knowing the instances of this one and of {@code other} (this one wins on a shared id). */
    public TargetAddresses and(TargetAddresses other) {
        if (other.instanceAddresses.isEmpty()) {
            return this;
        }
        Map<String, String> union = new HashMap<>(other.instanceAddresses);
        union.putAll(instanceAddresses);
        return new TargetAddresses(Map.copyOf(union), loadBalancerAddresses);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetAddresses t && instanceAddresses.equals(t.instanceAddresses)
                && loadBalancerAddresses.equals(t.loadBalancerAddresses);
    }

    @Override
    public int hashCode() {
        return instanceAddresses.hashCode() * 31 + loadBalancerAddresses.hashCode();
    }
}
