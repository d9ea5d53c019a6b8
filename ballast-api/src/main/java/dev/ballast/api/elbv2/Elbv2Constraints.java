package dev.ballast.api.elbv2;

import dev.ballast.api.query.MemberConstraints;
import dev.ballast.api.query.MemberConstraints.Length;
import dev.ballast.api.query.MemberConstraints.Matches;
import dev.ballast.api.query.MemberConstraints.OneOf;
import dev.ballast.api.query.MemberConstraints.Range;
import java.util.List;
import java.util.Set;

/**
 * The ELBv2 input members' constraints from botocore's {@code elbv2/2015-12-01} model (the AWS CLI v2's copy), so a
 * value outside them gets AWS's {@code 1 validation error detected: ...} text before any action runs.
 *
 * <p>Thread-safe (constants).
 */
final class Elbv2Constraints {
    private Elbv2Constraints() {}

    private static final OneOf PROTOCOL = new OneOf(List.of("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP",
            "GENEVE"));
    private static final Range PORT = new Range(1, 65535);
    private static final Range PRIORITY = new Range(1, 50000);
    private static final Set<String> LISTENER_CALLS = Set.of("CreateListener", "ModifyListener");
    private static final Set<String> RULE_CALLS = Set.of("CreateRule", "ModifyRule");
    private static final Set<String> GROUP_CALLS = Set.of("CreateTargetGroup", "ModifyTargetGroup");

    /** The constraints, in the order AWS's model lists the members. */
    static final MemberConstraints ALL = actions(LISTENER_CALLS, "DefaultActions",
            actions(RULE_CALLS, "Actions", MemberConstraints.builder()))
            .add(Set.of("CreateLoadBalancer"), "Scheme", new OneOf(List.of("internet-facing", "internal")))
            .add(Set.of("CreateLoadBalancer"), "Type", new OneOf(List.of("application", "network", "gateway")))
            .add(Set.of("CreateLoadBalancer", "SetIpAddressType"), "IpAddressType",
                    new OneOf(List.of("ipv4", "dualstack")))
            .add(Set.of("CreateTargetGroup"), "IpAddressType", new OneOf(List.of("ipv4", "ipv6")))
            .add(Set.of("CreateTargetGroup"), "TargetType", new OneOf(List.of("instance", "ip", "lambda", "alb")))
            .add(Set.of("CreateTargetGroup", "CreateListener", "ModifyListener"), "Protocol", PROTOCOL)
            .add(Set.of("CreateTargetGroup", "CreateListener", "ModifyListener"), "Port", PORT)
            .add(GROUP_CALLS, "HealthCheckProtocol", PROTOCOL)
            .add(GROUP_CALLS, "HealthCheckPath", new Length(1, 1024))
            .add(GROUP_CALLS, "HealthCheckIntervalSeconds", new Range(5, 300))
            .add(GROUP_CALLS, "HealthCheckTimeoutSeconds", new Range(2, 120))
            .add(GROUP_CALLS, "HealthyThresholdCount", new Range(2, 10))
            .add(GROUP_CALLS, "UnhealthyThresholdCount", new Range(2, 10))
            .add(Set.of("CreateRule"), "Priority", PRIORITY)
            .add(Set.of("SetRulePriorities"), "RulePriorities.member.N.Priority", PRIORITY)
            .add(RULE_CALLS, "Conditions.member.N.Field", new Length(0, 64))
            .add(Set.of("RegisterTargets", "DeregisterTargets", "DescribeTargetHealth"), "Targets.member.N.Port",
                    PORT)
            .add(Set.of("ModifyLoadBalancerAttributes", "ModifyTargetGroupAttributes"), "Attributes.member.N.Key",
                    new Length(0, 256))
            .add(Set.of("ModifyLoadBalancerAttributes", "ModifyTargetGroupAttributes"), "Attributes.member.N.Key",
                    new Matches("^[a-zA-Z0-9._]+$"))
            .add(Set.of("ModifyLoadBalancerAttributes"), "Attributes.member.N.Value", new Length(0, 1024))
            .add(Set.of("AddTags", "CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateRule"),
                    "Tags.member.N.Key", new Length(1, 128))
            .add(Set.of("AddTags", "CreateLoadBalancer", "CreateTargetGroup", "CreateListener", "CreateRule"),
                    "Tags.member.N.Value", new Length(0, 256))
            .add(Set.of("RemoveTags"), "TagKeys.member.N", new Length(1, 128))
            .add("PageSize", new Range(1, 400))
            .build();

    /** The constraints of an {@code Action} list parameter {@code list} of {@code calls}. */
    private static MemberConstraints.Builder actions(Set<String> calls, String list, MemberConstraints.Builder b) {
        String m = list + ".member.N.";
        return b.add(calls, m + "Type", new OneOf(List.of("forward", "authenticate-oidc", "authenticate-cognito",
                        "redirect", "fixed-response")))
                .add(calls, m + "Order", new Range(1, 50000))
                .add(calls, m + "RedirectConfig.Protocol", new Matches("^(HTTPS?|#\\{protocol\\})$"))
                .add(calls, m + "RedirectConfig.Host", new Length(1, 128))
                .add(calls, m + "RedirectConfig.Path", new Length(1, 128))
                .add(calls, m + "RedirectConfig.Query", new Length(0, 128))
                .add(calls, m + "RedirectConfig.StatusCode", new OneOf(List.of("HTTP_301", "HTTP_302")))
                .add(calls, m + "FixedResponseConfig.MessageBody", new Length(0, 1024))
                .add(calls, m + "FixedResponseConfig.StatusCode", new Matches("^(2|4|5)\\d\\d$"))
                .add(calls, m + "FixedResponseConfig.ContentType", new Length(0, 32));
    }
}
