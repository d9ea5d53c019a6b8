package dev.ballast.control.ecs.run;

import java.util.List;

/**
 * What a driver needs to start one task: its id, where it comes from (cluster, task definition family and
 * revision, for labels and log names), its network mode and its containers.
 *
 * <p>Thread-safe (immutable).
 *
 * @param taskId      the task's 32-hex id (the last part of its ARN)
 * @param taskArn     the task's ARN, for labels
 * @param networkMode {@code awsvpc} (the task gets an address of its own and containers bind their container ports
 *                    on it), {@code bridge} (container ports are published on dynamic or fixed host ports) or
 *                    {@code host} (containers bind their container ports on the host)
 */
public record TaskLaunch(String taskId, String taskArn, String cluster, String family, int revision,
                         String networkMode, List<ContainerLaunch> containers) {
    /** The network mode in which each task has its own address. */
    public static final String AWSVPC = "awsvpc";
    /** The network mode in which container ports are published on host ports. */
    public static final String BRIDGE = "bridge";
    /** The network mode in which containers use the host's network directly. */
    public static final String HOST = "host";

    /** Copies the containers. */
    public TaskLaunch {
        containers = List.copyOf(containers);
    }
}
