package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PlacementConstraint;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.PlacementStrategy;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Placement constraints and strategies through the ECS API (AWS SDK for Java v2 and the AWS CLI v2): CreateService
 * stores and DescribeServices shows them as given, UpdateService replaces them (a new deployment) or keeps them, and
 * invalid ones are refused with InvalidParameterException and change nothing (CreateService, UpdateService, RunTask).
 */
@Timeout(120)
class EcsPlacementSdkTest {
    @RegisterExtension
    final EcsApiFixture api = new EcsApiFixture();

    private static final PlacementConstraint BLUE = PlacementConstraint.builder()
            .type(PlacementConstraintType.MEMBER_OF).expression("attribute:stage == blue").build();
    private static final PlacementConstraint DISTINCT = PlacementConstraint.builder()
            .type(PlacementConstraintType.DISTINCT_INSTANCE).build();
    private static final PlacementStrategy BY_ZONE = PlacementStrategy.builder().type(PlacementStrategyType.SPREAD)
            .field("attribute:ecs.availability-zone").build();
    private static final PlacementStrategy BINPACK = PlacementStrategy.builder().type(PlacementStrategyType.BINPACK)
            .field("memory").build();

    private void registerSleeper() {
        api.ecs().registerTaskDefinition(r -> r.family("sleeper").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("sleep").image("busybox").memory(64)
                        .command("sleep", "600").build()));
    }

    @Test
    void createDescribeAndUpdateKeepThePlacementAsGiven() {
        registerSleeper();
        Service created = api.ecs().createService(r -> r.serviceName("blue").taskDefinition("sleeper")
                .desiredCount(0).placementConstraints(BLUE, DISTINCT).placementStrategy(BY_ZONE, BINPACK)).service();
        assertThat(created.placementConstraints()).containsExactly(BLUE, DISTINCT);
        assertThat(created.placementStrategy()).containsExactly(BY_ZONE, BINPACK);
        Service described = api.ecs().describeServices(r -> r.services("blue")).services().get(0);
        assertThat(described.placementConstraints()).containsExactly(BLUE, DISTINCT);
        assertThat(described.placementStrategy()).containsExactly(BY_ZONE, BINPACK);

        // a desired count alone keeps the placement and the deployment
        Service scaled = api.ecs().updateService(r -> r.service("blue").desiredCount(0)).service();
        assertThat(scaled.placementConstraints()).containsExactly(BLUE, DISTINCT);
        assertThat(scaled.deployments()).hasSize(1);
        // new strategies replace the old ones (constraints kept) and start a deployment that places by them
        Service updated = api.ecs().updateService(r -> r.service("blue").placementStrategy(BINPACK)).service();
        assertThat(updated.placementConstraints()).containsExactly(BLUE, DISTINCT);
        assertThat(updated.placementStrategy()).containsExactly(BINPACK);
        assertThat(updated.deployments()).hasSize(2);
        // an empty list removes them
        Service cleared = api.ecs().updateService(r -> r.service("blue").placementConstraints(java.util.List.of()))
                .service();
        assertThat(cleared.placementConstraints()).isEmpty();
        assertThat(cleared.placementStrategy()).containsExactly(BINPACK);
    }

    @Test
    void invalidPlacementIsRefusedAndChangesNothing() {
        registerSleeper();
        assertThatThrownBy(() -> api.ecs().createService(r -> r.serviceName("bad").taskDefinition("sleeper")
                .desiredCount(1).placementConstraints(PlacementConstraint.builder()
                        .type(PlacementConstraintType.MEMBER_OF).expression("attribute:stage = blue").build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("placementConstraints.expression: attribute:stage = blue (expected: an "
                        + "operator");
        assertThatThrownBy(() -> api.ecs().createService(r -> r.serviceName("bad").taskDefinition("sleeper")
                .desiredCount(1).placementConstraints(PlacementConstraint.builder()
                        .type(PlacementConstraintType.DISTINCT_INSTANCE).expression("x").build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("distinctInstance expression should not be specified.");
        assertThat(api.ecs().listServices(r -> r.cluster("default")).serviceArns()).isEmpty();

        api.ecs().createService(r -> r.serviceName("ok").taskDefinition("sleeper").desiredCount(0)
                .placementConstraints(DISTINCT));
        assertThatThrownBy(() -> api.ecs().updateService(r -> r.service("ok").placementStrategy(
                PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("disk").build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("placementStrategy.field: disk (expected: cpu or memory with type binpack)");
        Service kept = api.ecs().describeServices(r -> r.services("ok")).services().get(0);
        assertThat(kept.placementConstraints()).containsExactly(DISTINCT);
        assertThat(kept.placementStrategy()).isEmpty();
        assertThat(kept.deployments()).hasSize(1);

        assertThatThrownBy(() -> api.ecs().runTask(r -> r.taskDefinition("sleeper").placementStrategy(
                java.util.Collections.nCopies(6, BY_ZONE))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("placementStrategy: 6 strategies (expected: at most 5)");
        assertThat(api.ecs().listTasks(r -> r.cluster("default")).taskArns()).isEmpty();
    }

    @Test
    void theAwsCliSendsPlacementInItsShorthand() throws Exception {
        registerSleeper();
        String created = EcsTestSupport.cli(api.api(), "create-service", "--service-name", "cli",
                "--task-definition", "sleeper", "--desired-count", "0",
                "--placement-constraints", "type=distinctInstance", "type=memberOf,expression=attribute:stage == blue",
                "--placement-strategy", "type=spread,field=attribute:ecs.availability-zone", "type=binpack,field=cpu");
        assertThat(created).contains("\"placementConstraints\": [").contains("\"type\": \"distinctInstance\"")
                .contains("\"expression\": \"attribute:stage == blue\"")
                .contains("\"field\": \"attribute:ecs.availability-zone\"").contains("\"field\": \"cpu\"");
        String refused = EcsTestSupport.cliFailure(api.api(), "run-task", "--task-definition", "sleeper",
                "--placement-constraints",
                "[{\"type\": \"memberOf\", \"expression\": \"attribute:zone in [a, b\"}]");
        assertThat(refused).contains("InvalidParameterException").contains("placementConstraints.expression");
    }
}
