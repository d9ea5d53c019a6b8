package dev.ballast.api.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.api.query.ConstraintsModelCheck;
import dev.ballast.api.query.QueryServiceModel;
import org.junit.jupiter.api.Test;

/** Every constraint in {@link ClassicConstraints} is the one botocore's {@code elb/2012-06-01} model gives the member. */
class ClassicConstraintsModelTest {
    @Test
    void eachConstraintIsTheModels() {
        assertThat(ConstraintsModelCheck.mismatches(ClassicConstraints.ALL, QueryServiceModel.load("elb", "2012-06-01"),
                "DescribeLoadBalancers")).isEmpty();
    }
}
