package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.paging.OffsetToken;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.ecs.ClusterCommands;
import dev.ballast.control.ecs.EcsCluster;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.TaskDefinitionCommands;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECS API (clusters and task definitions) over AWS JSON 1.1: routes {@code X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Op>} to its operation, and answers AWS errors as JSON errors.
 *
 * <p>Thread-safe: stateless apart from the commands, which serialise writes themselves.
 */
public final class EcsService {
    /** The {@code X-Amz-Target} prefix of ECS operations, dot included. */
    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    /** The SigV4 signing name of ECS. */
    public static final String SIGNING_NAME = "ecs";
    /** The content type an ECS request carries. */
    public static final String CONTENT_TYPE = EcsJson.CONTENT_TYPE;

    private static final Logger log = LoggerFactory.getLogger(EcsService.class);
    private static final int MAX_RESULTS = 100;
    private static final Set<String> INCLUDE = Set.of("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS",
            "TAGS");

    private static final Set<String> TASK_DEFINITION_STATUSES = Set.of(EcsTaskDefinition.ACTIVE,
            EcsTaskDefinition.INACTIVE);

    private final ClusterCommands clusters;
    private final TaskDefinitionCommands taskDefinitions;
    private final Map<String, Function<ObjectNode, ObjectNode>> operations;

    /** The ECS API on {@code clusters} and {@code taskDefinitions}. */
    public EcsService(ClusterCommands clusters, TaskDefinitionCommands taskDefinitions) {
        this.clusters = clusters;
        this.taskDefinitions = taskDefinitions;
        this.operations = Map.of(
                "CreateCluster", this::createCluster,
                "DescribeClusters", this::describeClusters,
                "ListClusters", this::listClusters,
                "DeleteCluster", this::deleteCluster,
                "RegisterTaskDefinition", this::registerTaskDefinition,
                "DescribeTaskDefinition", this::describeTaskDefinition,
                "ListTaskDefinitions", this::listTaskDefinitions,
                "DeregisterTaskDefinition", this::deregisterTaskDefinition);
    }

    /** Answers operation {@code target} (the whole X-Amz-Target value) with request {@code body}. */
    public ApiResponse answer(String target, byte[] body, String requestId) {
        String operation = target.substring(TARGET_PREFIX.length());
        try {
            Function<ObjectNode, ObjectNode> handler = operations.get(operation);
            if (handler == null) {
                throw new AwsException(AwsError.ECS_UNKNOWN_OPERATION, "X-Amz-Target: " + target + " (expected: "
                        + TARGET_PREFIX + " followed by one of " + operations.keySet().stream().sorted().toList()
                        + ")");
            }
            return EcsJson.ok(handler.apply(EcsJson.parse(body)), requestId);
        } catch (AwsException e) {
            return error(e.error(), e.getMessage(), requestId);
        } catch (RuntimeException e) {
            log.error("ECS {} failed", operation, e);
            return EcsJson.error(AwsError.ECS_SERVER_EXCEPTION, "Internal failure: " + e.getClass().getSimpleName(),
                    requestId);
        }
    }

    /** An AWS error raised before the operation ran (e.g. by signature checks), as a JSON error. */
    public static ApiResponse error(AwsError error, String message, String requestId) {
        return EcsJson.error(error, message, requestId);
    }

    private ObjectNode createCluster(ObjectNode request) {
        EcsCluster cluster = clusters.create(EcsJson.string(request, "clusterName"), EcsJson.tags(request));
        ObjectNode out = EcsJson.object();
        out.set("cluster", clusterJson(cluster, "ACTIVE", true));
        return out;
    }

    private ObjectNode describeClusters(ObjectNode request) {
        List<String> names = EcsJson.strings(request, "clusters");
        List<String> include = EcsJson.strings(request, "include");
        for (String item : include) {
            if (!INCLUDE.contains(item)) {
                throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "include: " + item + " (expected: one of "
                        + INCLUDE.stream().sorted().toList() + ")");
            }
        }
        ObjectNode out = EcsJson.object();
        ArrayNode found = out.putArray("clusters");
        ArrayNode failures = out.putArray("failures");
        for (String name : names.isEmpty() ? List.of(ClusterCommands.DEFAULT) : names) {
            EcsCluster cluster = clusters.find(name);
            if (cluster == null) {
                failures.addObject().put("arn", name.startsWith("arn:") ? name : EcsCluster.ARN_PREFIX + name)
                        .put("reason", "MISSING");
            } else {
                found.add(clusterJson(cluster, "ACTIVE", include.contains("TAGS")));
            }
        }
        return out;
    }

    private ObjectNode listClusters(ObjectNode request) {
        return page(request, "ListClusters", "clusterArns", clusters.list().stream().map(EcsCluster::arn).toList());
    }

    private ObjectNode registerTaskDefinition(ObjectNode request) {
        EcsTaskDefinition registered = taskDefinitions.register(EcsJson.string(request, "family"),
                EcsJson.string(request, "networkMode"), TaskDefinitionJson.containers(request),
                EcsJson.strings(request, "requiresCompatibilities"), EcsJson.string(request, "cpu"),
                EcsJson.string(request, "memory"));
        ObjectNode out = EcsJson.object();
        out.set("taskDefinition", TaskDefinitionJson.render(registered));
        out.putArray("tags");
        return out;
    }

    private ObjectNode describeTaskDefinition(ObjectNode request) {
        ObjectNode out = EcsJson.object();
        out.set("taskDefinition", TaskDefinitionJson.render(taskDefinitions.find(EcsJson.string(request,
                "taskDefinition"))));
        out.putArray("tags");
        return out;
    }

    private ObjectNode listTaskDefinitions(ObjectNode request) {
        String status = EcsJson.string(request, "status");
        String wanted = status == null ? EcsTaskDefinition.ACTIVE : status;
        if (!TASK_DEFINITION_STATUSES.contains(wanted)) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "status: " + wanted + " (expected: ACTIVE or "
                    + "INACTIVE)");
        }
        String sort = EcsJson.string(request, "sort");
        if (sort != null && !sort.equals("ASC") && !sort.equals("DESC")) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "sort: " + sort + " (expected: ASC or DESC)");
        }
        List<String> arns = taskDefinitions.list(EcsJson.string(request, "familyPrefix"), wanted, "DESC".equals(sort))
                .stream().map(EcsTaskDefinition::arn).toList();
        return page(request, "ListTaskDefinitions", "taskDefinitionArns", arns);
    }

    private ObjectNode deregisterTaskDefinition(ObjectNode request) {
        ObjectNode out = EcsJson.object();
        out.set("taskDefinition", TaskDefinitionJson.render(taskDefinitions.deregister(EcsJson.string(request,
                "taskDefinition"))));
        return out;
    }

    /** One page of {@code all} under {@code field}, as {@code maxResults} and {@code nextToken} select it. */
    private static ObjectNode page(ObjectNode request, String operation, String field, List<String> all) {
        Integer max = EcsJson.integer(request, "maxResults");
        int pageSize = max == null ? MAX_RESULTS : max;
        if (pageSize < 1 || pageSize > MAX_RESULTS) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "maxResults: " + pageSize + " (expected: 1-"
                    + MAX_RESULTS + ")");
        }
        String token = EcsJson.string(request, "nextToken");
        int from = token == null || token.isEmpty() ? 0 : OffsetToken.decode(token, all.size());
        if (from < 0) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "nextToken: " + token
                    + " (expected: a nextToken from a previous " + operation + " response)");
        }
        int to = Math.min(all.size(), from + pageSize);
        ObjectNode out = EcsJson.object();
        ArrayNode arns = out.putArray(field);
        all.subList(from, to).forEach(arns::add);
        if (to < all.size()) {
            out.put("nextToken", OffsetToken.encode(to));
        }
        return out;
    }

    private ObjectNode deleteCluster(ObjectNode request) {
        String name = EcsJson.string(request, "cluster");
        if (name == null || name.isEmpty()) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "cluster: missing (expected: a cluster name or ARN)");
        }
        ObjectNode out = EcsJson.object();
        out.set("cluster", clusterJson(clusters.delete(name), "INACTIVE", true));
        return out;
    }

    /** A cluster as ECS renders it; no services or tasks run yet, so their counts are 0. */
    private static ObjectNode clusterJson(EcsCluster cluster, String status, boolean withTags) {
        ObjectNode out = EcsJson.object()
                .put("clusterArn", cluster.arn())
                .put("clusterName", cluster.name())
                .put("status", status)
                .put("registeredContainerInstancesCount", 0)
                .put("runningTasksCount", 0)
                .put("pendingTasksCount", 0)
                .put("activeServicesCount", 0);
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
