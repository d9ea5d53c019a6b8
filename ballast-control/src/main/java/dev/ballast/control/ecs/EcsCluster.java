package dev.ballast.control.ecs;

import java.util.List;

/**
 * An ECS cluster as stored: its name, tags and creation time. Counts of services and tasks are derived, not stored.
 *
 * <p>Thread-safe (immutable).
 *
 * @param createdAt epoch milliseconds, which orders ListClusters
 */
public record EcsCluster(String name, List<EcsTag> tags, long createdAt) {
    /** The account and region every ECS ARN names. */
    public static final String ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:cluster/";

    /** Copies the tags. */
    public EcsCluster {
        tags = List.copyOf(tags);
    }

    /** {@code arn:aws:ecs:us-east-1:000000000000:cluster/<name>}. */
    public String arn() {
        return ARN_PREFIX + name;
    }
}
