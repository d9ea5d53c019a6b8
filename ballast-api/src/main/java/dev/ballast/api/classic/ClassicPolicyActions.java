package dev.ballast.api.classic;

import dev.ballast.api.query.QueryAction;
import dev.ballast.api.query.QueryParams;
import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.classic.ClassicPolicy;
import dev.ballast.control.classic.ClassicPolicyControl;
import dev.ballast.control.classic.ClassicPolicyTypes;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Classic policy actions of the Query API: each reads its parameters, calls the policy commands and writes AWS's
 * result shape.
 *
 * <p>Thread-safe (stateless apart from the control plane, which is).
 */
final class ClassicPolicyActions {
    private ClassicPolicyActions() {}

    /** Adds the eight policy actions to {@code actions}. */
    static void register(Map<String, QueryAction> actions, ClassicPolicyControl policies) {
        actions.put("CreateLoadBalancerPolicy", (p, x) -> policies.create(p.required("LoadBalancerName"),
                p.required("PolicyName"), p.required("PolicyTypeName"), attributes(p)));
        actions.put("CreateLBCookieStickinessPolicy", (p, x) -> policies.createLbCookie(p.required("LoadBalancerName"),
                p.required("PolicyName"), period(p)));
        actions.put("CreateAppCookieStickinessPolicy", (p, x) -> policies.createAppCookie(
                p.required("LoadBalancerName"), p.required("PolicyName"), p.required("CookieName")));
        actions.put("SetLoadBalancerPoliciesOfListener", (p, x) -> policies.setListenerPolicies(
                p.required("LoadBalancerName"), port(p, "LoadBalancerPort"), names(p)));
        actions.put("SetLoadBalancerPoliciesForBackendServer", (p, x) -> policies.setBackendPolicies(
                p.required("LoadBalancerName"), port(p, "InstancePort"), names(p)));
        actions.put("DeleteLoadBalancerPolicy", (p, x) -> policies.delete(p.required("LoadBalancerName"),
                p.required("PolicyName")));
        actions.put("DescribeLoadBalancerPolicies", (p, x) -> x.members("PolicyDescriptions",
                policies.describe(p.get("LoadBalancerName"), p.listOrEmpty("PolicyNames")),
                ClassicPolicyActions::policy));
        actions.put("DescribeLoadBalancerPolicyTypes", (p, x) -> x.members("PolicyTypeDescriptions",
                policies.describeTypes(p.listOrEmpty("PolicyTypeNames")), ClassicPolicyActions::type));
    }

    private static void policy(XmlWriter w, ClassicPolicy policy) {
        w.element("PolicyName", policy.name()).element("PolicyTypeName", policy.typeName())
                .members("PolicyAttributeDescriptions", policy.attributes(), (a, attribute) -> a
                        .element("AttributeName", attribute.name()).element("AttributeValue", attribute.value()));
    }

    private static void type(XmlWriter w, ClassicPolicyTypes.PolicyType type) {
        w.element("PolicyTypeName", type.name()).element("Description", type.description())
                .members("PolicyAttributeTypeDescriptions", type.attributes(), (a, t) -> a
                        .element("AttributeName", t.name()).element("AttributeType", t.type())
                        .element("Description", t.description()).element("DefaultValue", t.defaultValue())
                        .element("Cardinality", t.cardinality()));
    }

    private static List<ClassicPolicy.Attribute> attributes(QueryParams p) {
        List<QueryParams> members = p.members("PolicyAttributes");
        List<ClassicPolicy.Attribute> out = new ArrayList<>();
        if (members != null) {
            for (QueryParams m : members) {
                out.add(new ClassicPolicy.Attribute(m.required("AttributeName"),
                        m.get("AttributeValue") == null ? "" : m.get("AttributeValue")));
            }
        }
        return out;
    }

    /** CookieExpirationPeriod, a Long of seconds; 0 or absent is a session cookie. */
    private static Long period(QueryParams p) {
        String v = p.get("CookieExpirationPeriod");
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (!v.matches("\\d{1,10}") || Long.parseLong(v) > Integer.MAX_VALUE) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "CookieExpirationPeriod: " + v + " (expected: 0-"
                    + Integer.MAX_VALUE + " seconds)");
        }
        return Long.valueOf(v);
    }

    private static int port(QueryParams p, String name) {
        Integer v = p.integer(name);
        if (v == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, name + ": missing (expected: a port)");
        }
        return v;
    }

    /** PolicyNames is required but may be empty ({@code PolicyNames=}), which removes every policy. */
    private static List<String> names(QueryParams p) {
        List<String> names = p.list("PolicyNames");
        if (names == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "PolicyNames: missing (expected: a list, possibly"
                    + " empty)");
        }
        return names.stream().filter(n -> !n.isEmpty()).toList();
    }
}
