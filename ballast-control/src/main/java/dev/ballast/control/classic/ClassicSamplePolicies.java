package dev.ballast.control.classic;

import dev.ballast.control.elbv2.SslPolicies;
import java.util.ArrayList;
import java.util.List;

/**
 * The policies every Classic Load Balancer can use without creating them: AWS's predefined {@code ELBSecurityPolicy-*}
 * SSL negotiation policies that Ballast's TLS can honour, and the {@code ELBSample-*} sample policies, which
 * DescribeLoadBalancerPolicies lists when no load balancer is named.
 *
 * <p>Thread-safe (constants).
 */
public final class ClassicSamplePolicies {
    /** The predefined policies Classic load balancers accept (the TLS 1.3 ones are ELBv2's only). */
    private static final List<String> PREDEFINED = List.of("ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06");

    /** Every predefined and sample policy, predefined first. */
    public static final List<ClassicPolicy> ALL = all();

    private ClassicSamplePolicies() {}

    /** The predefined or sample policy called {@code name}, or null. */
    public static ClassicPolicy find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static List<ClassicPolicy> all() {
        List<ClassicPolicy> out = new ArrayList<>();
        for (String name : PREDEFINED) {
            out.add(ssl(name, SslPolicies.find(name)));
        }
        // AWS's samples: its default negotiation settings (Ballast's are those of ELBSecurityPolicy-2016-08).
        out.add(ssl("ELBSample-ELBDefaultNegotiationPolicy", SslPolicies.find(ClassicSnapshot.DEFAULT_POLICY)));
        out.add(ssl("ELBSample-OpenSSLDefaultNegotiationPolicy", SslPolicies.find(ClassicSnapshot.DEFAULT_POLICY)));
        return List.copyOf(out);
    }

    /** An SSLNegotiationPolicyType policy enabling {@code tls}'s protocols and ciphers. */
    private static ClassicPolicy ssl(String name, SslPolicies.Policy tls) {
        List<ClassicPolicy.Attribute> attributes = new ArrayList<>();
        for (String p : List.of("TLSv1", "TLSv1.1", "TLSv1.2")) {
            attributes.add(new ClassicPolicy.Attribute("Protocol-" + p, String.valueOf(tls.protocols().contains(p))));
        }
        attributes.add(new ClassicPolicy.Attribute("Server-Defined-Cipher-Order", "true"));
        for (String c : SslPolicies.find(ClassicSnapshot.DEFAULT_POLICY).ciphers()) {
            attributes.add(new ClassicPolicy.Attribute(c, String.valueOf(tls.ciphers().contains(c))));
        }
        return new ClassicPolicy(name, ClassicPolicyTypes.SSL_NEGOTIATION, attributes);
    }
}
