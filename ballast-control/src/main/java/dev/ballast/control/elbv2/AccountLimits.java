package dev.ballast.control.elbv2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits DescribeAccountLimits reports, with AWS's default quotas and names; the commands enforce the ones
 * that apply to what Ballast serves.
 *
 * <p>Thread-safe (immutable).
 */
public record AccountLimits(Map<String, Integer> values) {
    /** Copies the map, keeping its order. */
    public AccountLimits {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** AWS's default quotas. */
    public static AccountLimits defaults() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("application-load-balancers", 50);
        m.put("target-groups", 3000);
        m.put("targets-per-application-load-balancer", 1000);
        m.put("listeners-per-application-load-balancer", 50);
        m.put("rules-per-application-load-balancer", 100);
        m.put("network-load-balancers", 50);
        m.put("targets-per-network-load-balancer", 3000);
        m.put("targets-per-availability-zone-per-network-load-balancer", 500);
        m.put("listeners-per-network-load-balancer", 50);
        m.put("condition-values-per-alb-rule", 5);
        m.put("condition-wildcards-per-alb-rule", 5);
        m.put("target-groups-per-application-load-balancer", 100);
        m.put("target-groups-per-action-on-application-load-balancer", 5);
        m.put("target-groups-per-action-on-network-load-balancer", 1);
        m.put("certificates-per-application-load-balancer", 25);
        m.put("certificates-per-network-load-balancer", 25);
        m.put("targets-per-target-group", 1000);
        m.put("target-id-registrations-per-application-load-balancer", 1000);
        return new AccountLimits(m);
    }

    /** The limit called {@code name}. */
    public int get(String name) {
        Integer v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no limit " + name);
        }
        return v;
    }
}
