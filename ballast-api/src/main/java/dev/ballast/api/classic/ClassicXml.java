package dev.ballast.api.classic;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.classic.ClassicAttributes;
import dev.ballast.control.classic.ClassicHealthCheck;
import dev.ballast.control.classic.ClassicLoadBalancer;
import dev.ballast.control.classic.ClassicPolicies;
import dev.ballast.control.classic.ClassicPolicy;
import dev.ballast.control.classic.ClassicPolicyTypes;
import dev.ballast.core.model.Scheme;
import java.time.Instant;
import java.util.List;

/**
 * Writes the Classic API's result shapes: load balancer descriptions, health checks, attributes.
 *
 * <p>Thread-safe (stateless).
 */
final class ClassicXml {
    private ClassicXml() {}

    static void description(XmlWriter xml, ClassicLoadBalancer lb, String vpcId) {
        xml.element("LoadBalancerName", lb.name())
                .element("DNSName", lb.dnsName());
        if (lb.scheme() == Scheme.INTERNET_FACING) {
            xml.element("CanonicalHostedZoneName", lb.dnsName());
        }
        xml.element("CanonicalHostedZoneNameID", ClassicRequests.HOSTED_ZONE)
                .members("ListenerDescriptions", lb.listeners(), (w, l) -> w.start("Listener")
                        .element("Protocol", l.protocol())
                        .element("LoadBalancerPort", l.loadBalancerPort())
                        .element("InstanceProtocol", l.instanceProtocol())
                        .element("InstancePort", l.instancePort())
                        .element("SSLCertificateId", l.sslCertificateId())
                        .end()
                        .strings("PolicyNames", lb.policies().namesOfListener(l.loadBalancerPort())));
        policies(xml, lb.policies());
        xml.strings("AvailabilityZones", lb.availabilityZones())
                .strings("Subnets", lb.subnets())
                .element("VPCId", vpcId)
                .members("Instances", lb.instances(), (w, id) -> w.element("InstanceId", id));
        healthCheck(xml, lb.healthCheck());
        xml.start("SourceSecurityGroup").element("OwnerAlias", ClassicRequests.SOURCE_SECURITY_GROUP_OWNER)
                .element("GroupName", ClassicRequests.SOURCE_SECURITY_GROUP).end()
                .strings("SecurityGroups", lb.securityGroups())
                .element("CreatedTime", Instant.ofEpochMilli(lb.createdAt()).toString())
                .element("Scheme", lb.scheme().wire());
    }

    /** Policies (stickiness policies with their settings, the others by name) and BackendServerDescriptions. */
    private static void policies(XmlWriter xml, ClassicPolicies p) {
        xml.start("Policies")
                .members("AppCookieStickinessPolicies", ofType(p, ClassicPolicyTypes.APP_COOKIE), (w, policy) -> w
                        .element("PolicyName", policy.name()).element("CookieName", policy.attribute("CookieName")))
                .members("LBCookieStickinessPolicies", ofType(p, ClassicPolicyTypes.LB_COOKIE), (w, policy) -> w
                        .element("PolicyName", policy.name())
                        .element("CookieExpirationPeriod", policy.attribute("CookieExpirationPeriod")))
                .strings("OtherPolicies", p.policies().stream().filter(policy -> !isStickiness(policy))
                        .map(ClassicPolicy::name).toList())
                .end()
                .members("BackendServerDescriptions", p.backends().entrySet(), (w, e) -> w
                        .element("InstancePort", e.getKey()).strings("PolicyNames", e.getValue()));
    }

    private static List<ClassicPolicy> ofType(ClassicPolicies p, String type) {
        return p.policies().stream().filter(policy -> policy.typeName().equals(type)).toList();
    }

    private static boolean isStickiness(ClassicPolicy policy) {
        return policy.typeName().equals(ClassicPolicyTypes.APP_COOKIE)
                || policy.typeName().equals(ClassicPolicyTypes.LB_COOKIE);
    }

    static void healthCheck(XmlWriter xml, ClassicHealthCheck c) {
        xml.start("HealthCheck")
                .element("Target", c.target())
                .element("Interval", c.interval())
                .element("Timeout", c.timeout())
                .element("UnhealthyThreshold", c.unhealthyThreshold())
                .element("HealthyThreshold", c.healthyThreshold())
                .end();
    }

    static void attributes(XmlWriter xml, ClassicAttributes a) {
        xml.start("LoadBalancerAttributes")
                .start("CrossZoneLoadBalancing").element("Enabled", a.crossZone()).end()
                .start("AccessLog").element("Enabled", a.accessLogEnabled())
                .element("S3BucketName", a.accessLogBucket())
                .element("EmitInterval", a.accessLogBucket() == null ? null : a.accessLogEmitInterval())
                .element("S3BucketPrefix", a.accessLogPrefix()).end()
                .start("ConnectionDraining").element("Enabled", a.drainingEnabled())
                .element("Timeout", a.drainingTimeout()).end()
                .start("ConnectionSettings").element("IdleTimeout", a.idleTimeout()).end()
                .start("AdditionalAttributes").start("member").element("Key", ClassicAttributes.DESYNC_MITIGATION_MODE)
                .element("Value", a.desyncMitigationMode()).end().end()
                .end();
    }
}
