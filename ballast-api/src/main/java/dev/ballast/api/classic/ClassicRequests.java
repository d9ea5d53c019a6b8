package dev.ballast.api.classic;

import dev.ballast.api.query.QueryParams;
import dev.ballast.control.classic.ClassicHealthCheck;
import dev.ballast.control.classic.ClassicListener;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.validation.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Classic request structures (listeners, health check, scheme) from Query parameters into the control
 * plane's types; the Classic API and CloudFormation's Classic load balancer share them.
 *
 * <p>Thread-safe (stateless).
 */
public final class ClassicRequests {
    /** AWS's hosted zone of classic load balancers in us-east-1, shown as CanonicalHostedZoneNameID. */
    public static final String HOSTED_ZONE = "Z35SXDOTRQ7X7K";
    /** The SourceSecurityGroup's name a classic load balancer shows (AWS's own group of its nodes). */
    public static final String SOURCE_SECURITY_GROUP = "amazon-elb-sg";
    /** The SourceSecurityGroup's owner alias. */
    public static final String SOURCE_SECURITY_GROUP_OWNER = "amazon-elb";

    private ClassicRequests() {}

    /** The {@code Listeners} list: at least one, each with both ports. */
    public static List<ClassicListener> listeners(QueryParams p) {
        List<QueryParams> members = p.members("Listeners");
        if (members == null || members.isEmpty()) {
            throw new AwsException(AwsError.VALIDATION_ERROR, p.path("Listeners") + ": missing (expected: at least"
                    + " one listener)");
        }
        List<ClassicListener> out = new ArrayList<>();
        for (QueryParams m : members) {
            Integer lbPort = m.integer("LoadBalancerPort");
            Integer instancePort = m.integer("InstancePort");
            if (lbPort == null || instancePort == null) {
                throw new AwsException(AwsError.VALIDATION_ERROR, m.path(lbPort == null ? "LoadBalancerPort"
                        : "InstancePort") + ": missing (expected: a port)");
            }
            out.add(new ClassicListener(m.required("Protocol"), lbPort, m.get("InstanceProtocol"), instancePort,
                    m.get("SSLCertificateId")));
        }
        return out;
    }

    /** The {@code HealthCheck} structure, every member required. */
    public static ClassicHealthCheck healthCheck(QueryParams p) {
        QueryParams h = p.struct("HealthCheck");
        if (h == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "HealthCheck: missing (expected: a value)");
        }
        return new ClassicHealthCheck(h.required("Target"), requiredInt(h, "Interval"), requiredInt(h, "Timeout"),
                requiredInt(h, "UnhealthyThreshold"), requiredInt(h, "HealthyThreshold"));
    }

    /** {@code Scheme}, null when not given; AWS's InvalidScheme for another value. */
    public static Scheme scheme(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Scheme.fromWire(value);
        } catch (ValidationException e) {
            throw new AwsException(AwsError.INVALID_SCHEME, "Scheme: " + value
                    + " (expected: internet-facing or internal)");
        }
    }

    private static int requiredInt(QueryParams p, String name) {
        Integer v = p.integer(name);
        if (v == null) {
            throw new AwsException(AwsError.VALIDATION_ERROR, p.path(name) + ": missing (expected: an integer)");
        }
        return v;
    }
}
