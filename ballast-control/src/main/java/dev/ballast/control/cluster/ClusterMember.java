package dev.ballast.control.cluster;

/**
 * One node of a cluster as the ECS scheduler places tasks on it: its name ({@code --node-name}), the address its
 * listeners and tasks use ({@code --node-address}), its EC2-style instance id and its profile (zone, attributes,
 * capacity).
 *
 * <p>Thread-safe (immutable).
 */
public record ClusterMember(String name, String address, String instanceId, NodeProfile profile) {
    /** The prefix of a container instance ARN; {@code <cluster>/<instance id>} follows. */
    public static final String CONTAINER_INSTANCE_ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:container-instance/";

    /** A node without a profile (stored before profiles existed) has this machine's. */
    public ClusterMember {
        profile = profile == null ? NodeProfile.machine() : profile;
    }

    /** A node with this machine's profile. */
    public ClusterMember(String name, String address, String instanceId) {
        this(name, address, instanceId, null);
    }

    /** The ARN DescribeTasks shows as the task's {@code containerInstanceArn} in ECS cluster {@code cluster}. */
    public String containerInstanceArn(String cluster) {
        return CONTAINER_INSTANCE_ARN_PREFIX + cluster + "/" + instanceId;
    }
}
