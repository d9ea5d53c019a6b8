package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.TaskCommands;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The ECS task operations: RunTask, StopTask, ListTasks (desired RUNNING by default) and DescribeTasks (stopped
 * tasks too, MISSING failures for unknown ones).
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class TaskOperations {
    private static final int MAX_DESCRIBED = 100;
    private static final Set<String> INCLUDE = Set.of("TAGS");

    private final TaskCommands tasks;

    TaskOperations(TaskCommands tasks) {
        this.tasks = tasks;
    }

    /** Adds these operations to {@code operations} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> operations) {
        operations.put("RunTask", this::runTask);
        operations.put("StopTask", this::stopTask);
        operations.put("ListTasks", this::listTasks);
        operations.put("DescribeTasks", this::describeTasks);
    }

    private ObjectNode runTask(ObjectNode request) {
        List<EcsTask> started = tasks.run(TaskJson.runRequest(request));
        EcsState state = tasks.state();
        ObjectNode out = EcsJson.object();
        ArrayNode rendered = out.putArray("tasks");
        started.forEach(t -> rendered.add(TaskJson.render(t, state, true)));
        out.putArray("failures");
        return out;
    }

    private ObjectNode stopTask(ObjectNode request) {
        EcsTask stopped = tasks.stop(EcsJson.string(request, "cluster"), EcsJson.string(request, "task"),
                EcsJson.string(request, "reason"));
        ObjectNode out = EcsJson.object();
        out.set("task", TaskJson.render(stopped, tasks.state(), false));
        return out;
    }

    private ObjectNode listTasks(ObjectNode request) {
        List<String> arns = tasks.list(EcsJson.string(request, "cluster"), EcsJson.string(request, "serviceName"),
                EcsJson.string(request, "family"), EcsJson.string(request, "startedBy"),
                EcsJson.string(request, "desiredStatus"), EcsJson.string(request, "launchType"))
                .stream().map(EcsTask::arn).toList();
        return EcsPaging.page(request, "ListTasks", "taskArns", arns);
    }

    private ObjectNode describeTasks(ObjectNode request) {
        List<String> ids = EcsJson.strings(request, "tasks");
        if (ids.isEmpty() || ids.size() > MAX_DESCRIBED) {
            throw new AwsException(AwsError.ECS_INVALID_PARAMETER, "tasks: " + ids.size() + " tasks (expected: 1-"
                    + MAX_DESCRIBED + ")");
        }
        boolean withTags = EcsJson.include(request, INCLUDE).contains("TAGS");
        String cluster = EcsJson.string(request, "cluster");
        List<EcsTask> found = tasks.find(cluster, ids);
        EcsState state = tasks.state();
        ObjectNode out = EcsJson.object();
        ArrayNode described = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        for (int i = 0; i < ids.size(); i++) {
            EcsTask task = found.get(i);
            if (task == null) {
                String id = ids.get(i);
                failures.addObject().put("arn", id.startsWith("arn:") ? id : EcsTask.ARN_PREFIX
                        + ServiceOperations.clusterName(cluster) + "/" + id).put("reason", "MISSING");
            } else {
                described.add(TaskJson.render(task, state, withTags));
            }
        }
        return out;
    }
}
