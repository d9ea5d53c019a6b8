package dev.ballast.control.ecs.run.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the docker driver persists with a task to find it again after a restart: the task id and, per container
 * name, the Docker container id, in the task definition's order.
 *
 * <p>Thread-safe (immutable).
 *
 * @param containers container name → Docker container id
 */
public record DockerTaskHandle(String taskId, String networkMode, Map<String, String> containers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the containers, keeping their order. */
    public DockerTaskHandle {
        containers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(containers));
    }

    /** The handle as the opaque string the runner stores. */
    public String encode() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a handle {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when {@code handle} is not one
     */
    public static DockerTaskHandle decode(String handle) {
        try {
            DockerTaskHandle decoded = JSON.readValue(handle, DockerTaskHandle.class);
            if (decoded.taskId() == null || decoded.containers() == null) {
                throw new IllegalArgumentException("handle: " + handle + " (expected: a docker driver task handle)");
            }
            return decoded;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("handle: " + handle + " (expected: a docker driver task handle)", e);
        }
    }
}
