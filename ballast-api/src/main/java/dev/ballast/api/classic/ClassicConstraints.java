package dev.ballast.api.classic;

import dev.ballast.api.query.MemberConstraints;
import dev.ballast.api.query.MemberConstraints.Length;
import dev.ballast.api.query.MemberConstraints.Range;
import java.util.Set;

/**
 * The Classic ELB input members' constraints from botocore's {@code elb/2012-06-01} model (the AWS CLI v2's copy), so
 * a value outside them gets AWS's {@code 1 validation error detected: ...} text before any action runs.
 *
 * <p>Thread-safe (constants).
 */
final class ClassicConstraints {
    private ClassicConstraints() {}

    private static final Set<String> LISTENER_CALLS = Set.of("CreateLoadBalancer", "CreateLoadBalancerListeners");
    private static final Set<String> TAG_CALLS = Set.of("CreateLoadBalancer", "AddTags");

    /** The constraints, in the order AWS's model lists the members. */
    static final MemberConstraints ALL = MemberConstraints.builder()
            .add(LISTENER_CALLS, "Listeners.member.N.InstancePort", new Range(1, 65535))
            .add(Set.of("ConfigureHealthCheck"), "HealthCheck.Interval", new Range(5, 300))
            .add(Set.of("ConfigureHealthCheck"), "HealthCheck.Timeout", new Range(2, 60))
            .add(Set.of("ConfigureHealthCheck"), "HealthCheck.UnhealthyThreshold", new Range(2, 10))
            .add(Set.of("ConfigureHealthCheck"), "HealthCheck.HealthyThreshold", new Range(2, 10))
            .add(TAG_CALLS, "Tags.member.N.Key", new Length(1, 128))
            .add(TAG_CALLS, "Tags.member.N.Value", new Length(0, 256))
            .add(Set.of("DescribeLoadBalancers"), "PageSize", new Range(1, 400))
            .build();
}
