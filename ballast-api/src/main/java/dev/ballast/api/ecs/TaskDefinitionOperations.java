package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.TaskDefinitionCommands;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The ECS task definition operations: RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions,
 * ListTaskDefinitionFamilies and DeregisterTaskDefinition.
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class TaskDefinitionOperations {
    private static final Set<String> STATUSES = Set.of(EcsTaskDefinition.ACTIVE, EcsTaskDefinition.INACTIVE);
    private static final Set<String> FAMILY_STATUSES = Set.of(EcsTaskDefinition.ACTIVE, EcsTaskDefinition.INACTIVE,
            "ALL");
    private static final Set<String> INCLUDE = Set.of("TAGS");

    private final TaskDefinitionCommands taskDefinitions;

    TaskDefinitionOperations(TaskDefinitionCommands taskDefinitions) {
        this.taskDefinitions = taskDefinitions;
    }

    /** Adds these operations to {@code operations} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> operations) {
        operations.put("RegisterTaskDefinition", this::registerTaskDefinition);
        operations.put("DescribeTaskDefinition", this::describeTaskDefinition);
        operations.put("ListTaskDefinitions", this::listTaskDefinitions);
        operations.put("ListTaskDefinitionFamilies", this::listTaskDefinitionFamilies);
        operations.put("DeregisterTaskDefinition", this::deregisterTaskDefinition);
    }

    private ObjectNode registerTaskDefinition(ObjectNode request) {
        EcsTaskDefinition registered = EcsRequests.registerTaskDefinition(taskDefinitions, request);
        ObjectNode out = EcsJson.object();
        out.set("taskDefinition", TaskDefinitionJson.render(registered));
        out.set("tags", EcsJson.tagArray(registered.tags()));
        return out;
    }

    private ObjectNode describeTaskDefinition(ObjectNode request) {
        boolean withTags = EcsJson.include(request, INCLUDE).contains("TAGS");
        EcsTaskDefinition found = taskDefinitions.find(EcsJson.string(request, "taskDefinition"));
        ObjectNode out = EcsJson.object();
        out.set("taskDefinition", TaskDefinitionJson.render(found));
        out.set("tags", EcsJson.tagArray(withTags ? found.tags() : List.of()));
        return out;
    }

    private ObjectNode listTaskDefinitions(ObjectNode request) {
        String wanted = status(request, STATUSES);
        String sort = EcsJson.string(request, "sort");
        if (sort != null && !sort.equals("ASC") && !sort.equals("DESC")) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "sort: " + sort + " (expected: ASC or DESC)");
        }
        List<String> arns = taskDefinitions.list(EcsJson.string(request, "familyPrefix"), wanted, "DESC".equals(sort))
                .stream().map(EcsTaskDefinition::arn).toList();
        return EcsPaging.page(request, "ListTaskDefinitions", "taskDefinitionArns", arns);
    }

    private ObjectNode listTaskDefinitionFamilies(ObjectNode request) {
        String wanted = status(request, FAMILY_STATUSES);
        return EcsPaging.page(request, "ListTaskDefinitionFamilies", "families",
                taskDefinitions.families(EcsJson.string(request, "familyPrefix"), wanted));
    }

    private ObjectNode deregisterTaskDefinition(ObjectNode request) {
        ObjectNode out = EcsJson.object();
        out.set("taskDefinition", TaskDefinitionJson.render(taskDefinitions.deregister(EcsJson.string(request,
                "taskDefinition"))));
        return out;
    }

    /** The request's {@code status} (ACTIVE when absent), one of {@code accepted}. */
    private static String status(ObjectNode request, Set<String> accepted) {
        String status = EcsJson.string(request, "status");
        String wanted = status == null ? EcsTaskDefinition.ACTIVE : status;
        if (!accepted.contains(wanted)) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "status: " + wanted + " (expected: one of "
                    + accepted.stream().sorted().toList() + ")");
        }
        return wanted;
    }
}
