package dev.ballast.control.classic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The policies of one Classic Load Balancer: those it has (created with CreateLoadBalancerPolicy and the two
 * stickiness calls), the names enabled on each listener (by load balancer port) and on each backend (by instance port).
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicPolicies(List<ClassicPolicy> policies, Map<Integer, List<String>> listeners,
                              Map<Integer, List<String>> backends) {
    /** No policies. */
    public static final ClassicPolicies NONE = new ClassicPolicies(List.of(), Map.of(), Map.of());

    /** Copies the collections, keeping their order; a port without names is dropped. */
    public ClassicPolicies {
        policies = List.copyOf(policies == null ? List.of() : policies);
        listeners = copy(listeners);
        backends = copy(backends);
    }

    /** The policy called {@code name}, or null. */
    public ClassicPolicy find(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** The policies enabled on the listener on {@code loadBalancerPort}. */
    public List<ClassicPolicy> ofListener(int loadBalancerPort) {
        return listeners.getOrDefault(loadBalancerPort, List.of()).stream().map(this::find)
                .filter(Objects::nonNull).toList();
    }

    /** The policies enabled on the backend servers on {@code instancePort}. */
    public List<ClassicPolicy> ofBackend(int instancePort) {
        return backends.getOrDefault(instancePort, List.of()).stream().map(this::find)
                .filter(Objects::nonNull).toList();
    }

    /** The names enabled on the listener on {@code loadBalancerPort}. */
    public List<String> namesOfListener(int loadBalancerPort) {
        return listeners.getOrDefault(loadBalancerPort, List.of());
    }

    /** True when a listener or a backend uses policy {@code name}. */
    public boolean inUse(String name) {
        return listeners.values().stream().anyMatch(l -> l.contains(name))
                || backends.values().stream().anyMatch(l -> l.contains(name));
    }

    /** These policies plus {@code policy}. */
    public ClassicPolicies plus(ClassicPolicy policy) {
        List<ClassicPolicy> next = new java.util.ArrayList<>(policies);
        next.add(policy);
        return new ClassicPolicies(next, listeners, backends);
    }

    /** These policies without the one called {@code name}. */
    public ClassicPolicies minus(String name) {
        return new ClassicPolicies(policies.stream().filter(p -> !p.name().equals(name)).toList(), listeners,
                backends);
    }

    /** These policies with {@code names} enabled on the listener on {@code port} (none when empty). */
    public ClassicPolicies withListener(int port, List<String> names) {
        Map<Integer, List<String>> next = new LinkedHashMap<>(listeners);
        next.put(port, names);
        return new ClassicPolicies(policies, next, backends);
    }

    /** These policies with {@code names} enabled on the backend on {@code instancePort} (none when empty). */
    public ClassicPolicies withBackend(int instancePort, List<String> names) {
        Map<Integer, List<String>> next = new LinkedHashMap<>(backends);
        next.put(instancePort, names);
        return new ClassicPolicies(policies, listeners, next);
    }

    private static Map<Integer, List<String>> copy(Map<Integer, List<String>> byPort) {
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        if (byPort != null) {
            byPort.forEach((port, names) -> {
                if (names != null && !names.isEmpty()) {
                    out.put(port, List.copyOf(names));
                }
            });
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
