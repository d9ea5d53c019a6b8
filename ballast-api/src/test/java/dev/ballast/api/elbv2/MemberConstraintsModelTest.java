package dev.ballast.api.elbv2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.query.ConstraintsModelCheck;
import dev.ballast.api.query.QueryServiceModel;
import org.junit.jupiter.api.Test;

/**
 * Every constraint in {@link Elbv2Constraints} is the one botocore's {@code elbv2/2015-12-01} model (the AWS CLI v2's
 * copy) gives the member: the same enum values in the same order, the same range, length or pattern.
 */
class MemberConstraintsModelTest {
    @Test
    void eachConstraintIsTheModels() {
        assertThat(ConstraintsModelCheck.mismatches(Elbv2Constraints.ALL, QueryServiceModel.load("elbv2", "2015-12-01"),
                "DescribeLoadBalancers", "DescribeTargetGroups", "DescribeListeners", "DescribeRules")).isEmpty();
    }
}
