package dev.ballast.control.ecs.placement;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.ecs.EcsPlacement;
import dev.ballast.control.ecs.EcsPlacementConstraint;
import dev.ballast.control.ecs.EcsPlacementStrategy;
import dev.ballast.control.error.AwsException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What CreateService, UpdateService and RunTask accept as placement, and ECS's InvalidParameterException otherwise. */
class PlacementChecksTest {
    private static EcsPlacement of(List<EcsPlacementConstraint> c, List<EcsPlacementStrategy> s) {
        return new EcsPlacement(c, s);
    }

    private static void refused(EcsPlacement p, String launchType, String message) {
        assertThatThrownBy(() -> PlacementChecks.check(p, launchType)).isInstanceOf(AwsException.class)
                .hasMessage(message)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((AwsException) e).error().code())
                        .isEqualTo("InvalidParameterException"));
    }

    @Test
    void validPlacementsPass() {
        assertThatCode(() -> PlacementChecks.check(of(List.of(
                new EcsPlacementConstraint("distinctInstance", null),
                new EcsPlacementConstraint("memberOf", "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")),
                List.of(new EcsPlacementStrategy("spread", "attribute:ecs.availability-zone"),
                        new EcsPlacementStrategy("spread", "instanceId"), new EcsPlacementStrategy("binpack", "cpu"),
                        new EcsPlacementStrategy("binpack", "memory"), new EcsPlacementStrategy("random", null))),
                "EC2")).doesNotThrowAnyException();
        assertThatCode(() -> PlacementChecks.check(EcsPlacement.NONE, "FARGATE")).doesNotThrowAnyException();
    }

    @Test
    void limitsTypesFieldsAndExpressionsAreChecked() {
        refused(of(Collections.nCopies(11, new EcsPlacementConstraint("distinctInstance", null)), List.of()), "EC2",
                "placementConstraints: 11 constraints (expected: at most 10)");
        refused(of(List.of(), Collections.nCopies(6, new EcsPlacementStrategy("random", null))), "EC2",
                "placementStrategy: 6 strategies (expected: at most 5)");
        refused(of(List.of(new EcsPlacementConstraint("distinctInstance", "")), List.of()), "EC2",
                "distinctInstance expression should not be specified.");
        refused(of(List.of(new EcsPlacementConstraint("memberOf", null)), List.of()), "EC2",
                "placementConstraints.expression: missing (expected: a cluster query language expression with type "
                        + "memberOf, e.g. attribute:ecs.availability-zone == us-east-1a)");
        refused(of(List.of(new EcsPlacementConstraint("memberOf", "attribute:zone = a")), List.of()), "EC2",
                "placementConstraints.expression: attribute:zone = a (expected: an operator (==, !=, in, not_in, "
                        + "exists, not_exists, =~, !~, >, >=, <, <=) after attribute:zone at character 16, not '= a')");
        refused(of(List.of(new EcsPlacementConstraint("sameZone", null)), List.of()), "EC2",
                "placementConstraints.type: sameZone (expected: distinctInstance or memberOf)");
        refused(of(List.of(), List.of(new EcsPlacementStrategy("pack", "cpu"))), "EC2",
                "placementStrategy.type: pack (expected: random, spread or binpack)");
        refused(of(List.of(), List.of(new EcsPlacementStrategy("binpack", "disk"))), "EC2",
                "placementStrategy.field: disk (expected: cpu or memory with type binpack)");
        refused(of(List.of(), List.of(new EcsPlacementStrategy("spread", null))), "EC2",
                "placementStrategy.field: null (expected: instanceId, host or attribute:<name> with type spread)");
        refused(of(List.of(), List.of(new EcsPlacementStrategy("spread", "attribute:"))), "EC2",
                "placementStrategy.field: attribute: (expected: instanceId, host or attribute:<name> with type "
                        + "spread)");
        refused(of(List.of(), List.of(new EcsPlacementStrategy("random", "cpu"))), "EC2",
                "placementStrategy.field: cpu (expected: no field with type random)");
        refused(of(List.of(), List.of(new EcsPlacementStrategy("spread", "instanceId"))), "FARGATE",
                "Task placement constraints and strategies are not supported for tasks using the FARGATE launch type "
                        + "(expected: launchType EC2 to place tasks on nodes by constraints and strategies).");
    }
}
