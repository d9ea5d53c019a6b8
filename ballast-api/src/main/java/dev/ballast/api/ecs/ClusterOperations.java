package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.ClusterCommands;
import dev.ballast.control.ecs.EcsCluster;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.ecs.TaskCounts;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The ECS cluster operations: CreateCluster, DescribeClusters (MISSING failures, never an exception), ListClusters
 * and DeleteCluster; the service and task counts are derived from the state.
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class ClusterOperations {
    private static final Set<String> INCLUDE = Set.of("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS",
            "TAGS");

    private final ClusterCommands clusters;
    private final EcsWriter writer;

    ClusterOperations(ClusterCommands clusters, EcsWriter writer) {
        this.clusters = clusters;
        this.writer = writer;
    }

    /** Adds these operations to {@code operations} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> operations) {
        operations.put("CreateCluster", this::createCluster);
        operations.put("DescribeClusters", this::describeClusters);
        operations.put("ListClusters", this::listClusters);
        operations.put("DeleteCluster", this::deleteCluster);
    }

    private ObjectNode createCluster(ObjectNode request) {
        EcsCluster cluster = clusters.create(EcsJson.string(request, "clusterName"), EcsJson.tags(request));
        ObjectNode out = EcsJson.object();
        out.set("cluster", clusterJson(cluster, "ACTIVE", true, writer.state()));
        return out;
    }

    private ObjectNode describeClusters(ObjectNode request) {
        List<String> names = EcsJson.strings(request, "clusters");
        boolean withTags = EcsJson.include(request, INCLUDE).contains("TAGS");
        ObjectNode out = EcsJson.object();
        ArrayNode found = out.putArray("clusters");
        ArrayNode failures = out.putArray("failures");
        for (String name : names.isEmpty() ? List.of(ClusterCommands.DEFAULT) : names) {
            EcsCluster cluster = clusters.find(name);
            if (cluster == null) {
                failures.addObject().put("arn", name.startsWith("arn:") ? name : EcsCluster.ARN_PREFIX + name)
                        .put("reason", "MISSING");
            } else {
                found.add(clusterJson(cluster, "ACTIVE", withTags, writer.state()));
            }
        }
        return out;
    }

    private ObjectNode listClusters(ObjectNode request) {
        return EcsPaging.page(request, "ListClusters", "clusterArns",
                clusters.list().stream().map(EcsCluster::arn).toList());
    }

    private ObjectNode deleteCluster(ObjectNode request) {
        String name = EcsJson.string(request, "cluster");
        if (name == null || name.isEmpty()) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER,
                    "cluster: missing (expected: a cluster name or ARN)");
        }
        ObjectNode out = EcsJson.object();
        out.set("cluster", clusterJson(clusters.delete(name), "INACTIVE", true, writer.state()));
        return out;
    }

    /** A cluster as ECS renders it, with its ACTIVE services and its running and pending tasks counted. */
    private static ObjectNode clusterJson(EcsCluster cluster, String status, boolean withTags, EcsState state) {
        boolean active = status.equals("ACTIVE");
        TaskCounts tasks = active ? TaskCounts.ofCluster(state, cluster.name()) : new TaskCounts(0, 0);
        long services = !active ? 0 : state.services().values().stream()
                .filter(s -> s.cluster().equals(cluster.name()) && s.status().equals(EcsServiceEntry.ACTIVE)).count();
        ObjectNode out = EcsJson.object()
                .put("clusterArn", cluster.arn())
                .put("clusterName", cluster.name())
                .put("status", status)
                .put("registeredContainerInstancesCount", 0)
                .put("runningTasksCount", tasks.running())
                .put("pendingTasksCount", tasks.pending())
                .put("activeServicesCount", services);
        out.putArray("statistics");
        if (withTags) {
            out.set("tags", EcsJson.tagArray(cluster.tags()));
        }
        out.putArray("settings").addObject().put("name", "containerInsights").put("value", "disabled");
        out.putArray("capacityProviders");
        out.putArray("defaultCapacityProviderStrategy");
        return out;
    }
}
