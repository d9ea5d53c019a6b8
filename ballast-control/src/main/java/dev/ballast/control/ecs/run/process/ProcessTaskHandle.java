package dev.ballast.control.ecs.run.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ballast.control.ecs.run.TaskNetwork.PortBinding;
import java.util.List;

/**
 * What the process driver persists (through the task runner) to find a task again after a restart: each container's
 * process id and start instant (a pid alone may have been reused), the task's address and its port bindings. JSON;
 * holds no environment, so no secrets.
 *
 * <p>Thread-safe (immutable).
 *
 * @param address the task's own loopback address ({@code awsvpc}), or null
 */
public record ProcessTaskHandle(String taskId, String networkMode, String address, List<PortBinding> bindings,
                                List<ContainerProcessRef> containers) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Copies the lists. */
    public ProcessTaskHandle {
        bindings = List.copyOf(bindings);
        containers = List.copyOf(containers);
    }

    /**
     * One container's process.
     *
     * @param startedAt the process's start instant as {@link java.time.Instant#toString()} writes it
     */
    public record ContainerProcessRef(String name, long pid, String startedAt, boolean essential) {}

    /** This handle as the JSON string the runner stores. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a process task handle always serialises", e);
        }
    }

    /**
     * The handle {@code json} holds.
     *
     * @throws IllegalArgumentException when {@code json} is not a process driver's handle
     */
    public static ProcessTaskHandle parse(String json) {
        try {
            ProcessTaskHandle handle = JSON.readValue(json, ProcessTaskHandle.class);
            if (handle.taskId() == null) {
                throw new IllegalArgumentException("handle: " + json + " (expected: a process driver's task handle)");
            }
            return handle;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("handle: " + json + " (expected: a process driver's task handle)", e);
        }
    }
}
