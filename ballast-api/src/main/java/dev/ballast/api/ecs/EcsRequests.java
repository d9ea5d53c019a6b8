package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.CreateServiceRequest;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.TaskDefinitionCommands;
import dev.ballast.control.ecs.UpdateServiceRequest;

/**
 * The ECS requests read from their JSON form, for other front ends of the same commands (CloudFormation's ECS
 * resources, whose properties are these requests with capitalised member names).
 *
 * <p>Thread-safe (stateless).
 */
public final class EcsRequests {
    private EcsRequests() {}

    /** Registers the task definition {@code request} (RegisterTaskDefinition's body) with {@code commands}. */
    public static EcsTaskDefinition registerTaskDefinition(TaskDefinitionCommands commands, ObjectNode request) {
        return commands.register(EcsJson.string(request, "family"), EcsJson.string(request, "networkMode"),
                TaskDefinitionJson.containers(request), EcsJson.strings(request, "requiresCompatibilities"),
                EcsJson.string(request, "cpu"), EcsJson.string(request, "memory"), EcsJson.tags(request));
    }

    /** CreateService's request in {@code request}. */
    public static CreateServiceRequest createService(ObjectNode request) {
        return ServiceJson.createRequest(request);
    }

    /** UpdateService's request in {@code request}. */
    public static UpdateServiceRequest updateService(ObjectNode request) {
        return ServiceJson.updateRequest(request);
    }
}
