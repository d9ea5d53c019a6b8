package dev.ballast.api.elbv2;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.elbv2.ElbQueries;
import dev.ballast.control.elbv2.ElbState;
import dev.ballast.control.elbv2.LoadBalancerState;
import dev.ballast.control.elbv2.ListenerEntry;
import dev.ballast.control.elbv2.LoadBalancerEntry;
import dev.ballast.control.elbv2.RuleEntry;
import dev.ballast.control.elbv2.TargetGroupEntry;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.Condition;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.TargetGroup;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes ELBv2 resources in the shapes of AWS's XML responses.
 *
 * <p>Thread-safe (stateless).
 */
final class Elbv2Xml {
    /** AWS's hosted zone of application load balancers in us-east-1, shown as CanonicalHostedZoneId. */
    static final String ALB_HOSTED_ZONE = "Z35SXDOTRQ7X7K";
    /** AWS's hosted zone of network load balancers in us-east-1. */
    static final String NLB_HOSTED_ZONE = "Z26RNL4JYFTOTI";

    private Elbv2Xml() {}

    /** {@code <name><member>…</member>…</name>}, or {@code <name/>} when empty. */
    static <T> void list(XmlWriter xml, String name, Collection<T> items, BiConsumer<XmlWriter, T> member) {
        xml.members(name, items, member);
    }

    /** A list of plain strings. */
    static void strings(XmlWriter xml, String name, Collection<String> items) {
        xml.strings(name, items);
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    static void loadBalancer(XmlWriter xml, LoadBalancerEntry e, LoadBalancerState state,
                             java.util.function.Function<String, String> zoneOfSubnet, String vpcId) {
        LoadBalancer m = e.model();
        xml.element("LoadBalancerArn", m.arn())
                .element("DNSName", m.dnsName())
                .element("CanonicalHostedZoneId", m.type().wire().equals("application") ? ALB_HOSTED_ZONE
                        : NLB_HOSTED_ZONE)
                .element("CreatedTime", time(e.createdAt()))
                .element("LoadBalancerName", m.name())
                .element("Scheme", m.scheme().wire())
                .element("VpcId", vpcId)
                .start("State").element("Code", state.code()).element("Reason", state.reason()).end()
                .element("Type", m.type().wire());
        availabilityZones(xml, e.subnets(), zoneOfSubnet, m);
        strings(xml, "SecurityGroups", e.securityGroups());
        xml.element("IpAddressType", e.ipAddressType());
    }

    /**
     * The availability zones of a load balancer. As on AWS, only a network load balancer's zones list addresses
     * ("[Network Load Balancers] ... one Elastic IP address per Availability Zone", API reference,
     * {@code AvailabilityZone}): the local address its listeners bind, unless that is the wildcard address. An
     * application load balancer's zones have no {@code LoadBalancerAddresses}, as in AWS's DescribeLoadBalancers
     * example; clients find it by its DNS name, which Ballast's DNS answers.
     */
    static void availabilityZones(XmlWriter xml, List<String> subnets,
                                  java.util.function.Function<String, String> zoneOfSubnet, LoadBalancer lb) {
        String bindAddress = lb.bindAddress();
        boolean network = lb.type() == LoadBalancerType.NETWORK;
        boolean wildcard = bindAddress.equals("0.0.0.0") || bindAddress.equals("::");
        list(xml, "AvailabilityZones", subnets, (x, subnet) -> {
            x.element("ZoneName", zoneOfSubnet.apply(subnet))
                    .element("SubnetId", subnet);
            if (network) {
                list(x, "LoadBalancerAddresses", wildcard ? List.<String>of() : List.of(bindAddress),
                        (a, ip) -> a.element("IpAddress", ip));
            }
        });
    }

    static void targetGroup(XmlWriter xml, TargetGroupEntry e, ElbState state) {
        TargetGroup m = e.model();
        HealthCheck hc = m.healthCheck();
        xml.element("TargetGroupArn", m.arn())
                .element("TargetGroupName", m.name())
                .element("Protocol", m.protocol().name())
                .element("Port", m.port())
                .element("VpcId", e.vpcId())
                .element("HealthCheckProtocol", hc.protocol().name())
                .element("HealthCheckPort", hc.port())
                .element("HealthCheckEnabled", hc.enabled())
                .element("HealthCheckIntervalSeconds", hc.intervalSeconds())
                .element("HealthCheckTimeoutSeconds", hc.timeoutSeconds())
                .element("HealthyThresholdCount", hc.healthyThreshold())
                .element("UnhealthyThresholdCount", hc.unhealthyThreshold())
                .element("HealthCheckPath", hc.path());
        if (hc.matcher() != null) {
            xml.start("Matcher").element(hc.grpc() ? "GrpcCode" : "HttpCode", hc.matcher()).end();
        }
        strings(xml, "LoadBalancerArns", ElbQueries.loadBalancersUsing(state, m.arn()));
        xml.element("TargetType", m.targetType().wire())
                .element("ProtocolVersion", e.protocolVersion())
                .element("IpAddressType", e.ipAddressType());
    }

    static void listener(XmlWriter xml, ListenerEntry l) {
        xml.element("ListenerArn", l.arn())
                .element("LoadBalancerArn", l.loadBalancerArn())
                .element("Port", l.port())
                .element("Protocol", l.protocol().name());
        if (!l.certificates().isEmpty()) {
            list(xml, "Certificates", l.certificates().subList(0, 1), (x, c) -> x.element("CertificateArn", c));
        }
        xml.element("SslPolicy", l.sslPolicy());
        list(xml, "DefaultActions", List.of(l.defaultAction()), Elbv2Xml::action);
        if (!l.alpnPolicy().isEmpty()) {
            strings(xml, "AlpnPolicy", l.alpnPolicy());
        }
    }

    static void rule(XmlWriter xml, RuleEntry r) {
        xml.element("RuleArn", r.arn()).element("Priority", r.priority());
        list(xml, "Conditions", r.conditions(), Elbv2Xml::condition);
        list(xml, "Actions", List.of(r.action()), Elbv2Xml::action);
        xml.element("IsDefault", false);
    }

    static void defaultRule(XmlWriter xml, ListenerEntry l) {
        xml.element("RuleArn", l.defaultRuleArn()).element("Priority", "default");
        xml.empty("Conditions");
        list(xml, "Actions", List.of(l.defaultAction()), Elbv2Xml::action);
        xml.element("IsDefault", true);
    }

    static void action(XmlWriter xml, Action action) {
        xml.element("Type", action.type());
        if (action instanceof Action.Forward f) {
            if (f.targetGroups().size() == 1) {
                xml.element("TargetGroupArn", f.targetGroups().get(0).targetGroupArn());
            }
            xml.start("ForwardConfig");
            list(xml, "TargetGroups", f.targetGroups(), (x, g) -> x.element("TargetGroupArn", g.targetGroupArn())
                    .element("Weight", g.weight()));
            xml.start("TargetGroupStickinessConfig").element("Enabled", f.stickiness().enabled());
            if (f.stickiness().enabled()) {
                xml.element("DurationSeconds", f.stickiness().durationSeconds());
            }
            xml.end().end();
        } else if (action instanceof Action.Redirect r) {
            xml.start("RedirectConfig")
                    .element("Protocol", r.protocol())
                    .element("Port", r.port())
                    .element("Host", r.host())
                    .element("Path", r.path())
                    .element("Query", r.query())
                    .element("StatusCode", r.statusCode().name())
                    .end();
        } else if (action instanceof Action.FixedResponse f) {
            xml.start("FixedResponseConfig")
                    .element("MessageBody", f.messageBody().isEmpty() ? null : f.messageBody())
                    .element("StatusCode", String.valueOf(f.statusCode()))
                    .element("ContentType", f.contentType())
                    .end();
        }
    }

    static void condition(XmlWriter xml, Condition c) {
        xml.element("Field", c.field());
        if (c instanceof Condition.HostHeader || c instanceof Condition.PathPattern) {
            // AWS shows these two both in the legacy Values list and in their Config structure.
            strings(xml, "Values", c.wildcardTexts());
        }
        if (c instanceof Condition.HttpHeader h) {
            xml.start("HttpHeaderConfig").element("HttpHeaderName", h.name());
            strings(xml, "Values", h.values());
            xml.end();
        } else if (c instanceof Condition.QueryString q) {
            xml.start("QueryStringConfig");
            list(xml, "Values", q.values(), (x, kv) -> x.element("Key", kv.key()).element("Value", kv.value()));
            xml.end();
        } else {
            xml.start(CONFIG_NAMES.get(c.field()));
            strings(xml, "Values", c instanceof Condition.HttpRequestMethod m ? m.values()
                    : c instanceof Condition.SourceIp ip ? ip.values() : c.wildcardTexts());
            xml.end();
        }
    }

    private static final Map<String, String> CONFIG_NAMES = Map.of("host-header", "HostHeaderConfig",
            "path-pattern", "PathPatternConfig", "http-request-method", "HttpRequestMethodConfig",
            "source-ip", "SourceIpConfig");

    static void attributes(XmlWriter xml, Map<String, String> attributes) {
        list(xml, "Attributes", new java.util.TreeMap<>(attributes).entrySet(),
                (x, e) -> x.element("Key", e.getKey()).element("Value", e.getValue()));
    }
}
