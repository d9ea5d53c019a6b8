package dev.ballast.control.ecs.run.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.ballast.control.ecs.run.ContainerStatus;

/**
 * Reads a container's ECS status from Docker's {@code GET /containers/{id}/json}: running or not, exit code, why it
 * stopped, health.
 *
 * <p>Thread-safe (stateless).
 */
public final class DockerContainerStates {
    /** ECS's reason for a container the kernel killed for its memory use. */
    static final String OOM_REASON = "OutOfMemoryError: Container killed due to memory usage";

    private DockerContainerStates() {}

    /** The status of container {@code name} as {@code inspected} describes it. */
    public static ContainerStatus of(String name, InspectContainerResponse inspected) {
        InspectContainerResponse.ContainerState state = inspected.getState();
        boolean running = Boolean.TRUE.equals(state.getRunning());
        // A container that was created but never ran has no exit code worth reporting.
        boolean exited = !running && !"created".equals(state.getStatus());
        Long exitCode = exited ? state.getExitCodeLong() : null;
        return new ContainerStatus(name, inspected.getId(), running,
                exitCode == null ? null : exitCode.intValue(), reason(state, running),
                DockerHealthchecks.fromDocker(state.getHealth()));
    }

    /** The status of container {@code name} whose Docker container {@code id} is no longer on the engine. */
    public static ContainerStatus gone(String name, String id) {
        return new ContainerStatus(name, id, false, null,
                "Docker container " + id + " is no longer on the engine", ContainerStatus.Health.UNKNOWN);
    }

    private static String reason(InspectContainerResponse.ContainerState state, boolean running) {
        if (running) {
            return null;
        }
        if (Boolean.TRUE.equals(state.getOOMKilled())) {
            return OOM_REASON;
        }
        String error = state.getError();
        return error == null || error.isBlank() ? null : error;
    }
}
