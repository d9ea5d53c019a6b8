package dev.ballast.control.cluster;

/**
 * One node of a cluster as the ECS scheduler places tasks on it: its name ({@code --node-name}), the address its
 * listeners and tasks use ({@code --node-address}) and its EC2-style instance id.
 *
 * <p>Thread-safe (immutable).
 */
public record ClusterMember(String name, String address, String instanceId) {
    /** The prefix of a container instance ARN; {@code <cluster>/<instance id>} follows. */
    public static final String CONTAINER_INSTANCE_ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:container-instance/";

    /** The ARN DescribeTasks shows as the task's {@code containerInstanceArn} in ECS cluster {@code cluster}. */
    public String containerInstanceArn(String cluster) {
        return CONTAINER_INSTANCE_ARN_PREFIX + cluster + "/" + instanceId;
    }
}
