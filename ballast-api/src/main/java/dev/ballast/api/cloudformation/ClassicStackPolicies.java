package dev.ballast.api.cloudformation;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.classic.ClassicLoadBalancer;
import dev.ballast.control.classic.ClassicPolicy;
import dev.ballast.control.classic.ClassicPolicyControl;
import dev.ballast.control.classic.ClassicPolicyTypes;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies a template gives a Classic load balancer ({@code Policies}, {@code AppCookieStickinessPolicy},
 * {@code LBCookieStickinessPolicy}) and where they are enabled (each listener's {@code PolicyNames}, a policy's
 * {@code LoadBalancerPorts} and {@code InstancePorts}), applied through the Classic policy commands.
 *
 * <p>Thread-safe (immutable).
 *
 * @param policies the policies to create, in template order
 * @param listeners listener port → the policies enabled on it
 * @param backends instance port → the policies enabled for the instances on it
 */
record ClassicStackPolicies(List<ClassicPolicy> policies, Map<Integer, List<String>> listeners,
                            Map<Integer, List<String>> backends) {
    /** Reads the policies of a resource's properties (in their Query form). */
    static ClassicStackPolicies of(QueryParams p) {
        List<ClassicPolicy> policies = new ArrayList<>();
        Map<Integer, List<String>> listeners = new LinkedHashMap<>();
        Map<Integer, List<String>> backends = new LinkedHashMap<>();
        for (QueryParams m : members(p, "AppCookieStickinessPolicy")) {
            policies.add(new ClassicPolicy(m.required("PolicyName"), ClassicPolicyTypes.APP_COOKIE,
                    List.of(new ClassicPolicy.Attribute("CookieName", m.required("CookieName")))));
        }
        for (QueryParams m : members(p, "LBCookieStickinessPolicy")) {
            String period = m.get("CookieExpirationPeriod");
            policies.add(new ClassicPolicy(m.required("PolicyName"), ClassicPolicyTypes.LB_COOKIE, period == null
                    ? List.of() : List.of(new ClassicPolicy.Attribute("CookieExpirationPeriod", period))));
        }
        for (QueryParams m : members(p, "Policies")) {
            String name = m.required("PolicyName");
            List<ClassicPolicy.Attribute> attributes = new ArrayList<>();
            for (QueryParams a : members(m, "Attributes")) {
                attributes.add(new ClassicPolicy.Attribute(a.required("Name"), a.get("Value") == null ? ""
                        : a.get("Value")));
            }
            policies.add(new ClassicPolicy(name, m.required("PolicyType"), attributes));
            for (int port : ports(m, "LoadBalancerPorts")) {
                listeners.computeIfAbsent(port, k -> new ArrayList<>()).add(name);
            }
            for (int port : ports(m, "InstancePorts")) {
                backends.computeIfAbsent(port, k -> new ArrayList<>()).add(name);
            }
        }
        for (QueryParams listener : members(p, "Listeners")) {
            Integer port = listener.integer("LoadBalancerPort");
            List<String> names = listener.listOrEmpty("PolicyNames");
            if (port != null && !names.isEmpty()) {
                listeners.computeIfAbsent(port, k -> new ArrayList<>()).addAll(names);
            }
        }
        return new ClassicStackPolicies(policies, listeners, backends);
    }

    /** Creates the policies on load balancer {@code lb}, then enables them on its listeners and instance ports. */
    void apply(ClassicPolicyControl control, String lb) {
        for (ClassicPolicy policy : policies) {
            control.create(lb, policy.name(), policy.typeName(), policy.attributes());
        }
        listeners.forEach((port, names) -> control.setListenerPolicies(lb, port, names));
        backends.forEach((port, names) -> control.setBackendPolicies(lb, port, names));
    }

    /**
     * Disables every policy on {@code current}'s listeners and instance ports and deletes the policies this
     * template made, so that {@link #apply} can make the new set.
     */
    void remove(ClassicPolicyControl control, ClassicLoadBalancer current) {
        String lb = current.name();
        for (int port : current.policies().listeners().keySet()) {
            if (current.listeners().stream().anyMatch(l -> l.loadBalancerPort() == port)) {
                control.setListenerPolicies(lb, port, List.of());
            }
        }
        for (int port : current.policies().backends().keySet()) {
            if (current.listeners().stream().anyMatch(l -> l.instancePort() == port)) {
                control.setBackendPolicies(lb, port, List.of());
            }
        }
        for (ClassicPolicy policy : policies) {
            control.delete(lb, policy.name());
        }
    }

    private static List<QueryParams> members(QueryParams p, String name) {
        List<QueryParams> members = p.members(name);
        return members == null ? List.of() : members;
    }

    private static List<Integer> ports(QueryParams p, String name) {
        List<Integer> out = new ArrayList<>();
        for (String v : p.listOrEmpty(name)) {
            try {
                out.add(Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                throw new AwsException(AwsError.VALIDATION_ERROR, p.path(name) + ": " + v + " (expected: a port)");
            }
        }
        return out;
    }
}
