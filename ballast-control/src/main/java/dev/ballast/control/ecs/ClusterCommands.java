package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ECS cluster commands and queries: create (idempotent on the name), find by name or ARN, list in creation
 * order and delete. An omitted cluster is {@code default}, which is created on first use as ECS emulators do, so
 * that tutorials that never name a cluster work.
 *
 * <p>Thread-safe: writes go through the {@link EcsWriter}; reads use one committed state.
 */
public final class ClusterCommands {
    /** The cluster an omitted {@code cluster} or {@code clusterName} means. */
    public static final String DEFAULT = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    private final EcsWriter writer;
    private final Clock clock;

    /** Commands on {@code writer}'s clusters, timestamped by {@code clock}. */
    public ClusterCommands(EcsWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Creates cluster {@code name} ({@code default} when null) with {@code tags}, or returns the existing one
     * unchanged: CreateCluster is idempotent on the name.
     */
    public EcsCluster create(String name, List<EcsTag> tags) {
        String clusterName = name == null ? DEFAULT : name;
        if (!NAME.matcher(clusterName).matches()) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "clusterName: " + clusterName
                    + " (expected: up to 255 letters, numbers, hyphens and underscores)");
        }
        ResourceTags.checkCount(tags);
        long now = clock.millis();
        return writer.write(draft -> draft.clusters().computeIfAbsent(clusterName, n -> new EcsCluster(n, tags, now)));
    }

    /** The cluster a name or ARN refers to, or null; {@code default} is created when asked for. */
    public EcsCluster find(String nameOrArn) {
        String name = nameOf(nameOrArn);
        if (name.equals(DEFAULT)) {
            return create(DEFAULT, List.of());
        }
        return writer.state().clusters().get(name);
    }

    /**
     * The name of the cluster a name or ARN refers to ({@code default} when null, created when asked for).
     *
     * @throws AwsException ClusterNotFoundException when there is none
     */
    public String existing(String nameOrArn) {
        EcsCluster cluster = find(nameOrArn);
        if (cluster == null) {
            throw notFound();
        }
        return cluster.name();
    }

    /** ECS's ClusterNotFoundException. */
    static AwsException notFound() {
        return new AwsException(AwsError.ECS_CLUSTER_NOT_FOUND, "Cluster not found.");
    }

    /** Every cluster, in creation order. */
    public List<EcsCluster> list() {
        return new ArrayList<>(writer.state().clusters().values());
    }

    /**
     * Deletes the cluster a name or ARN refers to and returns it as it was.
     *
     * @throws AwsException ClusterNotFoundException when there is none; ClusterContainsServicesException while an
     *     ACTIVE or DRAINING service is in it; ClusterContainsTasksException while a task in it has not stopped
     */
    public EcsCluster delete(String nameOrArn) {
        String name = nameOf(nameOrArn);
        return writer.write(draft -> {
            EcsCluster removed = draft.clusters().remove(name);
            if (removed == null) {
                throw notFound();
            }
            if (draft.services().values().stream().anyMatch(s -> s.cluster().equals(name)
                    && !s.status().equals(EcsServiceEntry.INACTIVE))) {
                throw new AwsException(AwsError.ECS_CLUSTER_CONTAINS_SERVICES,
                        "The Cluster cannot be deleted while Services are active.");
            }
            if (draft.tasks().values().stream().anyMatch(t -> t.cluster().equals(name)
                    && !t.lastStatus().equals(EcsTask.STOPPED))) {
                throw new AwsException(AwsError.ECS_CLUSTER_CONTAINS_TASKS,
                        "The Cluster cannot be deleted while Tasks are active.");
            }
            return removed;
        });
    }

    /** The name in {@code arn:aws:ecs:…:cluster/<name>}, or {@code nameOrArn} itself; null means default. */
    static String nameOf(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return DEFAULT;
        }
        int slash = nameOrArn.indexOf(":cluster/");
        return nameOrArn.startsWith("arn:") && slash >= 0 ? nameOrArn.substring(slash + ":cluster/".length())
                : nameOrArn;
    }
}
