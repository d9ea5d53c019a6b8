package dev.ballast.control.ecs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsContainerOverride;
import dev.ballast.control.ecs.EcsEnvironmentVariable;
import dev.ballast.control.ecs.EcsHealthCheck;
import dev.ballast.control.ecs.EcsIds;
import dev.ballast.control.ecs.EcsPortMapping;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.TaskCommands;
import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.TaskLaunch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What a driver is asked to start, from a task definition and a task's overrides. */
class TaskLaunchesTest {
    private static EcsTask task(EcsTaskDefinition definition, List<EcsContainerOverride> overrides) {
        return TaskCommands.provisioning(new EcsIds(new SplittableRandom(1)), "default", definition,
                "family:" + definition.family(), null, null, null, "FARGATE", overrides, null, "process", List.of(), 0);
    }

    @Test
    void healthCheckStopTimeoutAndLabelsReachTheDriverWithEcsDefaults() {
        EcsContainerDefinition web = new EcsContainerDefinition("web", "tutum/hello-world", null, null, true,
                List.of(new EcsPortMapping(80, 80, "tcp")), List.of(), List.of(), List.of(), null,
                new EcsHealthCheck(List.of("CMD-SHELL", "true"), 0, 0, 0, 10), 7, Map.of("team", "a"));
        EcsTaskDefinition definition = new EcsTaskDefinition("web", 1, EcsTaskDefinition.ACTIVE, "awsvpc",
                List.of(web), List.of("FARGATE"), "256", "512", 0, null);

        TaskLaunch launch = TaskLaunches.of(task(definition, List.of()), definition);

        ContainerLaunch container = launch.containers().get(0);
        assertThat(container.healthCheck().command()).containsExactly("CMD-SHELL", "true");
        assertThat(container.healthCheck().intervalSeconds()).isEqualTo(30);
        assertThat(container.healthCheck().timeoutSeconds()).isEqualTo(5);
        assertThat(container.healthCheck().retries()).isEqualTo(3);
        assertThat(container.healthCheck().startPeriodSeconds()).isEqualTo(10);
        assertThat(container.stopTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(container.labels()).containsExactly(Map.entry("team", "a"));
        assertThat(launch.networkMode()).isEqualTo("awsvpc");
        assertThat(TaskLaunches.stopTimeout(launch)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void withoutThemThereIsNoCheckThirtySecondsAndNoLabelsAndOverridesApply() {
        EcsContainerDefinition app = new EcsContainerDefinition("app", "busybox", null, 128, true, List.of(),
                List.of(new EcsEnvironmentVariable("A", "1"), new EcsEnvironmentVariable("B", "2")),
                List.of("sleep", "60"), List.of());
        EcsTaskDefinition definition = new EcsTaskDefinition("app", 2, EcsTaskDefinition.ACTIVE, null, List.of(app),
                List.of(), null, null, 0, null);
        EcsContainerOverride override = new EcsContainerOverride("app", List.of("sleep", "5"),
                List.of(new EcsEnvironmentVariable("B", "3")));

        ContainerLaunch container = TaskLaunches.of(task(definition, List.of(override)), definition).containers()
                .get(0);

        assertThat(container.healthCheck()).isNull();
        assertThat(container.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(container.labels()).isEmpty();
        assertThat(container.command()).containsExactly("sleep", "5");
        assertThat(container.environment()).isEqualTo(Map.of("A", "1", "B", "3"));
    }
}
