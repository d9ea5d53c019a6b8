package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsContainerOverride;
import dev.ballast.control.ecs.EcsHealthCheck;
import dev.ballast.control.ecs.EcsEnvironmentVariable;
import dev.ballast.control.ecs.EcsPortMapping;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.run.ContainerHealthCheck;
import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.TaskLaunch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds what a driver needs to start (or recover) a task from the task record and its task definition: the
 * containers with the task's command and environment overrides applied.
 *
 * <p>Thread-safe (stateless).
 */
final class TaskLaunches {
    /** ECS's stop timeout when a container definition names none (Fargate and the EC2 agent both use 30 s). */
    static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    private TaskLaunches() {}

    /** The launch of {@code task}, whose definition is {@code definition}. */
    static TaskLaunch of(EcsTask task, EcsTaskDefinition definition) {
        List<ContainerLaunch> containers = new ArrayList<>();
        for (EcsContainerDefinition c : definition.containerDefinitions()) {
            EcsContainerOverride override = task.containerOverrides().stream()
                    .filter(o -> c.name().equals(o.name())).findFirst().orElse(null);
            Map<String, String> environment = new LinkedHashMap<>();
            c.environment().forEach(v -> environment.put(v.name(), v.value()));
            List<String> command = c.command();
            if (override != null) {
                for (EcsEnvironmentVariable v : override.environment()) {
                    environment.put(v.name(), v.value());
                }
                command = override.command().isEmpty() ? command : override.command();
            }
            List<ContainerLaunch.PortRequest> ports = new ArrayList<>();
            for (EcsPortMapping p : c.portMappings()) {
                ports.add(new ContainerLaunch.PortRequest(p.containerPort(), p.hostPort(),
                        p.protocol() == null ? "tcp" : p.protocol()));
            }
            containers.add(new ContainerLaunch(c.name(), c.image(), c.entryPoint(), command, environment, ports,
                    c.essential(), healthCheck(c.healthCheck()), c.stopTimeout() == null ? DEFAULT_STOP_TIMEOUT
                    : Duration.ofSeconds(c.stopTimeout()), c.dockerLabels() == null ? Map.of() : c.dockerLabels()));
        }
        String networkMode = definition.networkMode() == null ? TaskLaunch.BRIDGE : definition.networkMode();
        return new TaskLaunch(task.id(), task.arn(), task.cluster(), definition.family(), definition.revision(),
                networkMode, containers);
    }

    /** A container definition's health check as drivers take it, ECS's defaults filled in; null when it has none. */
    static ContainerHealthCheck healthCheck(EcsHealthCheck check) {
        if (check == null || check.command().isEmpty()) {
            return null;
        }
        return new ContainerHealthCheck(check.command(), check.interval() > 0 ? check.interval()
                : EcsHealthCheck.DEFAULT_INTERVAL, check.timeout() > 0 ? check.timeout() : EcsHealthCheck.DEFAULT_TIMEOUT,
                check.retries() > 0 ? check.retries() : EcsHealthCheck.DEFAULT_RETRIES, Math.max(0, check.startPeriod()));
    }

    /** How long the driver waits after the stop signal: the longest stop timeout of the task's containers. */
    static Duration stopTimeout(TaskLaunch launch) {
        return launch.containers().stream().map(ContainerLaunch::stopTimeout).max(Duration::compareTo)
                .orElse(DEFAULT_STOP_TIMEOUT);
    }
}
