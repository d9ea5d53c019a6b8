package dev.ballast.server;

import dev.ballast.proxy.Await;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A service's tasks as the ECS API describes them, for tests that follow where tasks run.
 *
 * <p>Thread-safe (stateless); the client given is.
 */
public final class EcsTasks {
    private EcsTasks() {}

    /** The RUNNING tasks of {@code service} in the default cluster. */
    public static List<Task> running(EcsClient ecs, String service) {
        List<String> arns = ecs.listTasks(r -> r.serviceName(service)).taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.tasks(arns)).tasks().stream()
                .filter(t -> t.lastStatus().equals("RUNNING")).toList();
    }

    /** The names of the nodes {@code tasks} run on (their {@code ballast.node} attribute), sorted. */
    public static List<String> nodesOf(List<Task> tasks) {
        return tasks.stream().map(t -> attribute(t, "ballast.node")).sorted().toList();
    }

    /** Waits at most {@code wait} until task {@code taskArn} is STOPPED; returns it as then described. */
    public static Task awaitStopped(EcsClient ecs, String taskArn, Duration wait) {
        Task[] task = new Task[1];
        Await.until("task " + taskArn + " STOPPED", wait, () -> {
            task[0] = ecs.describeTasks(r -> r.tasks(taskArn)).tasks().get(0);
            return task[0].lastStatus().equals("STOPPED");
        });
        return task[0];
    }

    /** The value of the task's attribute {@code name}, or {@code (none)}. */
    public static String attribute(Task task, String name) {
        return task.attributes().stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst()
                .orElse("(none)");
    }
}
