package dev.ballast.control.classic;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.error.AwsMessages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The Classic policy commands (CreateLoadBalancerPolicy, the two stickiness calls, SetLoadBalancerPoliciesOfListener,
 * SetLoadBalancerPoliciesForBackendServer, DeleteLoadBalancerPolicy) and their reads, through the Classic writer.
 *
 * <p>Thread-safe: commands are serialised by the writer; reads see an immutable state.
 */
public final class ClassicPolicyControl {
    private final ClassicWriter writer;

    ClassicPolicyControl(ClassicWriter writer) {
        this.writer = writer;
    }

    /** Creates policy {@code name} of type {@code typeName} on load balancer {@code lb}. */
    public void create(String lb, String name, String typeName, List<ClassicPolicy.Attribute> attributes) {
        if (name == null || name.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "PolicyName: missing (expected: a name)");
        }
        ClassicPolicyTypes.PolicyType type = ClassicPolicyTypes.require(typeName);
        ClassicPolicyTypes.check(type, attributes);
        update(lb, current -> {
            if (current.policies().find(name) != null) {
                // AWS: "A policy with the specified name already exists for this load balancer."
                throw new AwsException(AwsError.DUPLICATE_POLICY_NAME, "Policy name [" + name
                        + "] already exists for load balancer [" + lb + "]");
            }
            if (type.name().equals(ClassicPolicyTypes.BACKEND_AUTHENTICATION)) {
                for (ClassicPolicy.Attribute a : attributes) {
                    ClassicPolicy key = current.policies().find(a.value());
                    if (key == null || !key.typeName().equals(ClassicPolicyTypes.PUBLIC_KEY)) {
                        throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "PublicKeyPolicyName: "
                                + a.value() + " (expected: a PublicKeyPolicyType policy of load balancer " + lb + ")");
                    }
                }
            }
            return current.withPolicies(current.policies().plus(new ClassicPolicy(name, type.name(), attributes)));
        });
    }

    /** CreateLBCookieStickinessPolicy: cookie {@code AWSELB}, expiring after {@code period} seconds (null or 0: session). */
    public void createLbCookie(String lb, String name, Long period) {
        create(lb, name, ClassicPolicyTypes.LB_COOKIE, period == null ? List.of()
                : List.of(new ClassicPolicy.Attribute("CookieExpirationPeriod", String.valueOf(period))));
    }

    /** CreateAppCookieStickinessPolicy: sticky while the application's cookie {@code cookieName} is. */
    public void createAppCookie(String lb, String name, String cookieName) {
        if (cookieName == null || cookieName.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "CookieName: missing (expected: the application's"
                    + " cookie name)");
        }
        create(lb, name, ClassicPolicyTypes.APP_COOKIE, List.of(new ClassicPolicy.Attribute("CookieName",
                cookieName)));
    }

    /**
     * Replaces the policies of the listener on {@code port} with {@code names} (none when empty). Stickiness policies
     * fit HTTP and HTTPS listeners, SSL negotiation policies HTTPS and SSL listeners; at most one of each kind.
     */
    public void setListenerPolicies(String lb, int port, List<String> names) {
        update(lb, current -> {
            ClassicListener listener = current.listeners().stream().filter(l -> l.loadBalancerPort() == port)
                    .findFirst().orElseThrow(() -> new AwsException(AwsError.CLASSIC_LISTENER_NOT_FOUND,
                            "There is no listener on port " + port + " of load balancer " + lb));
            List<ClassicPolicy> chosen = resolve(current, names);
            int stickiness = 0;
            int ssl = 0;
            for (ClassicPolicy p : chosen) {
                switch (p.typeName()) {
                    case ClassicPolicyTypes.LB_COOKIE, ClassicPolicyTypes.APP_COOKIE -> {
                        stickiness++;
                        requireProtocol(p, listener, List.of("HTTP", "HTTPS"));
                    }
                    case ClassicPolicyTypes.SSL_NEGOTIATION -> {
                        ssl++;
                        requireProtocol(p, listener, List.of("HTTPS", "SSL"));
                    }
                    default -> throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "PolicyNames: "
                            + p.name() + " (expected: a stickiness or SSLNegotiationPolicyType policy; a "
                            + p.typeName() + " policy applies to backend servers)");
                }
            }
            if (stickiness > 1 || ssl > 1) {
                throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "PolicyNames: " + names
                        + " (expected: at most one stickiness policy and one SSLNegotiationPolicyType policy)");
            }
            return current.withPolicies(current.policies().withListener(port, names(chosen)));
        });
    }

    /** Replaces the policies of the backend servers on {@code instancePort} with {@code names} (none when empty). */
    public void setBackendPolicies(String lb, int instancePort, List<String> names) {
        update(lb, current -> {
            if (current.listeners().stream().noneMatch(l -> l.instancePort() == instancePort)) {
                throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "InstancePort: " + instancePort
                        + " (expected: the instance port of a listener of load balancer " + lb + ")");
            }
            List<ClassicPolicy> chosen = resolve(current, names);
            for (ClassicPolicy p : chosen) {
                if (!p.typeName().equals(ClassicPolicyTypes.PROXY_PROTOCOL)
                        && !p.typeName().equals(ClassicPolicyTypes.BACKEND_AUTHENTICATION)) {
                    throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "PolicyNames: " + p.name()
                            + " (expected: a ProxyProtocolPolicyType or BackendServerAuthenticationPolicyType policy;"
                            + " a " + p.typeName() + " policy applies to listeners)");
                }
            }
            return current.withPolicies(current.policies().withBackend(instancePort, names(chosen)));
        });
    }

    /** Deletes policy {@code name}; it must not be enabled on a listener or backend. A missing one is no error. */
    public void delete(String lb, String name) {
        update(lb, current -> {
            if (current.policies().inUse(name)) {
                throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "Policy " + name
                        + " is enabled on a listener or backend server of load balancer " + lb + "; remove it there"
                        + " first");
            }
            return current.withPolicies(current.policies().minus(name));
        });
    }

    /**
     * DescribeLoadBalancerPolicies: the policies of {@code lb} (all, or those named), or without a load balancer AWS's
     * predefined and sample policies (all, or those named). A name not found is PolicyNotFound.
     */
    public List<ClassicPolicy> describe(String lb, List<String> names) {
        if (lb == null || lb.isEmpty()) {
            List<ClassicPolicy> out = new ArrayList<>();
            for (String n : names) {
                ClassicPolicy p = ClassicSamplePolicies.find(n);
                if (p == null) {
                    throw notFound(n, null);
                }
                out.add(p);
            }
            return names.isEmpty() ? ClassicSamplePolicies.ALL : out;
        }
        ClassicLoadBalancer current = ClassicControl.find(writer.state().loadBalancers(), lb);
        return names.isEmpty() ? current.policies().policies() : resolve(current, names);
    }

    /** DescribeLoadBalancerPolicyTypes: every type, or those named (an unknown one is PolicyTypeNotFound). */
    public List<ClassicPolicyTypes.PolicyType> describeTypes(List<String> names) {
        return names.isEmpty() ? ClassicPolicyTypes.ALL : names.stream().map(ClassicPolicyTypes::require).toList();
    }

    /** The named policies of {@code lb}, or of AWS's predefined ones; each name once, in the order given. */
    private static List<ClassicPolicy> resolve(ClassicLoadBalancer lb, List<String> names) {
        List<ClassicPolicy> out = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            ClassicPolicy p = lb.policies().find(n);
            if (p == null) {
                throw notFound(n, lb.name());
            }
            out.add(p);
        }
        return out;
    }

    private static AwsException notFound(String name, String lb) {
        return new AwsException(AwsError.POLICY_NOT_FOUND, lb == null ? "There is no policy with name " + name
                : "There is no policy with name " + name + " for load balancer " + lb);
    }

    private static void requireProtocol(ClassicPolicy p, ClassicListener listener, List<String> protocols) {
        if (!protocols.contains(listener.protocol())) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, "PolicyNames: " + p.name()
                    + " (expected: a " + p.typeName() + " policy only on " + String.join(" or ", protocols)
                    + " listeners; the listener on port " + listener.loadBalancerPort() + " is "
                    + listener.protocol() + ")");
        }
    }

    private static List<String> names(List<ClassicPolicy> policies) {
        return policies.stream().map(ClassicPolicy::name).toList();
    }

    private void update(String lb, UnaryOperator<ClassicLoadBalancer> change) {
        writer.write(lbs -> {
            lbs.put(lb, change.apply(ClassicControl.find(lbs, lb)));
            return null;
        });
    }
}
