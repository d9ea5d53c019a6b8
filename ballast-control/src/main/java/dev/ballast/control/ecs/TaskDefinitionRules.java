package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;

/**
 * The rules a task definition must follow beyond the shape of its containers, with ECS's messages: Fargate needs
 * {@code awsvpc} and task-level cpu and memory, an EC2 task needs a memory limit somewhere, {@code awsvpc} and
 * {@code host} publish container ports as they are, and health checks and stop timeouts stay in ECS's ranges.
 *
 * <p>Thread-safe (stateless).
 */
final class TaskDefinitionRules {
    private static final int MAX_FARGATE_STOP_TIMEOUT = 120;

    private TaskDefinitionRules() {}

    /** Checks a definition about to be registered; nothing is stored when this throws. */
    static void check(String networkMode, List<EcsContainerDefinition> containers,
                      List<String> requiresCompatibilities, String cpu, String memory) {
        boolean fargate = requiresCompatibilities.contains("FARGATE");
        if (fargate) {
            if (!networkMode.equals("awsvpc")) {
                throw client("Fargate only supports network mode \u2018awsvpc\u2019.");
            }
            if (cpu == null) {
                throw client("Fargate requires that 'cpu' be defined at the task level.");
            }
            if (memory == null) {
                throw client("memory: missing (expected: a task-level memory when requiresCompatibilities "
                        + "includes FARGATE)");
            }
        }
        for (EcsContainerDefinition c : containers) {
            if (requiresCompatibilities.contains("EC2") && memory == null && c.memory() == null
                    && c.memoryReservation() == null) {
                throw client("Invalid setting for container '" + c.name()
                        + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
            }
            if (c.memory() != null && c.memoryReservation() != null && c.memoryReservation() > c.memory()) {
                throw client("Invalid setting for container '" + c.name() + "'. memoryReservation: "
                        + c.memoryReservation() + " (expected: at most memory, " + c.memory() + ")");
            }
            for (EcsPortMapping p : c.portMappings()) {
                boolean fixed = p.hostPort() != null && p.hostPort() != 0;
                if (networkMode.equals("awsvpc") && fixed && p.hostPort() != p.containerPort()) {
                    throw client("When networkMode=awsvpc, the host ports and container ports in port mappings "
                            + "must match.");
                }
                if (p.hostPort() != null && (p.hostPort() < 0 || p.hostPort() > 65535)) {
                    throw invalid("portMappings.hostPort: " + p.hostPort() + " (expected: 0-65535)");
                }
            }
            if (c.stopTimeout() != null && (c.stopTimeout() < 0
                    || (fargate && c.stopTimeout() > MAX_FARGATE_STOP_TIMEOUT))) {
                throw invalid("stopTimeout: " + c.stopTimeout() + " (expected: " + (fargate
                        ? "0-" + MAX_FARGATE_STOP_TIMEOUT + " seconds with FARGATE)" : "0 or more seconds)"));
            }
            if (c.healthCheck() != null) {
                checkHealthCheck(c.healthCheck());
            }
        }
    }

    /**
     * {@code containers} with the host ports ECS fills in: in {@code awsvpc} and {@code host} mode a missing (or 0)
     * host port is the container port; in {@code bridge} mode it stays unset, a dynamic port per task.
     */
    static List<EcsContainerDefinition> withHostPorts(String networkMode, List<EcsContainerDefinition> containers) {
        if (networkMode.equals("bridge")) {
            return containers;
        }
        return containers.stream().map(c -> new EcsContainerDefinition(c.name(), c.image(), c.cpu(), c.memory(),
                c.essential(), c.portMappings().stream().map(p -> new EcsPortMapping(p.containerPort(),
                        p.containerPort(), p.protocol())).toList(), c.environment(), c.command(), c.entryPoint(),
                c.memoryReservation(), c.healthCheck(), c.stopTimeout(), c.dockerLabels())).toList();
    }

    private static void checkHealthCheck(EcsHealthCheck check) {
        List<String> command = check.command();
        if (command.isEmpty() || !(command.get(0).equals("CMD") || command.get(0).equals("CMD-SHELL"))
                || command.size() < 2) {
            throw invalid("healthCheck.command: " + command + " (expected: [\"CMD\", executable, args…] or "
                    + "[\"CMD-SHELL\", command])");
        }
        range("healthCheck.interval", check.interval(), 5, 300);
        range("healthCheck.timeout", check.timeout(), 2, 60);
        range("healthCheck.retries", check.retries(), 1, 10);
        range("healthCheck.startPeriod", check.startPeriod(), 0, 300);
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(field + ": " + value + " (expected: " + min + "-" + max + ")");
        }
    }

    private static AwsException client(String message) {
        return new AwsException(AwsError.ECS_CLIENT_EXCEPTION, message);
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, message);
    }
}
