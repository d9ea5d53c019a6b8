package dev.ballast.control.ecs.run.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.model.HealthCheck;
import dev.ballast.control.ecs.run.ContainerHealthCheck;
import dev.ballast.control.ecs.run.ContainerStatus;
import java.time.Duration;

/**
 * Maps an ECS container health check to Docker's {@code Healthcheck} (the same {@code CMD}/{@code CMD-SHELL} test,
 * durations in nanoseconds) and Docker's health status back to ECS's.
 *
 * <p>Thread-safe (stateless).
 */
public final class DockerHealthchecks {
    private DockerHealthchecks() {}

    /** Docker's form of {@code check}. */
    public static HealthCheck toDocker(ContainerHealthCheck check) {
        HealthCheck docker = new HealthCheck()
                .withTest(check.command())
                .withInterval(nanos(check.intervalSeconds()))
                .withTimeout(nanos(check.timeoutSeconds()))
                .withRetries(check.retries());
        // Docker reads 0 as "the default"; ECS's default start period is none, which is Docker's default too.
        return check.startPeriodSeconds() > 0 ? docker.withStartPeriod(nanos(check.startPeriodSeconds())) : docker;
    }

    /** ECS's health for Docker's {@code State.Health} ({@code starting} and no check are UNKNOWN). */
    public static ContainerStatus.Health fromDocker(HealthState health) {
        if (health == null || health.getStatus() == null) {
            return ContainerStatus.Health.UNKNOWN;
        }
        return switch (health.getStatus()) {
            case "healthy" -> ContainerStatus.Health.HEALTHY;
            case "unhealthy" -> ContainerStatus.Health.UNHEALTHY;
            default -> ContainerStatus.Health.UNKNOWN;
        };
    }

    private static long nanos(int seconds) {
        return Duration.ofSeconds(seconds).toNanos();
    }
}
