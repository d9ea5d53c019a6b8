package dev.ballast.api.cloudformation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.api.ecs.EcsRequests;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.ecs.EcsControl;
import dev.ballast.control.ecs.EcsTaskDefinition;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::ECS::TaskDefinition} on RegisterTaskDefinition's command (its properties are that request with
 * capitalised names): Ref is the revision's ARN; every change registers a new revision (replacement), and the old
 * one is deregistered.
 *
 * <p>Thread-safe (the commands are).
 */
final class EcsTaskDefinitionResource implements ResourceProvisioner {
    private static final Set<String> PROPERTIES = Set.of("Family", "ContainerDefinitions", "NetworkMode",
            "RequiresCompatibilities", "Cpu", "Memory", "ExecutionRoleArn", "TaskRoleArn", "Volumes", "Tags",
            "PlacementConstraints", "ProxyConfiguration", "RuntimePlatform", "EphemeralStorage", "PidMode",
            "IpcMode", "InferenceAccelerators");
    private static final Set<String> USER_KEYS = Set.of("DockerLabels", "Options", "DriverOpts", "Labels");

    private final EcsControl ecs;

    EcsTaskDefinitionResource(EcsControl ecs) {
        this.ecs = ecs;
    }

    @Override
    public Set<String> properties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> replacingProperties() {
        return PROPERTIES;
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ObjectNode json = new ResourceProperties(request.properties()).camelJson(USER_KEYS);
        if (!json.hasNonNull("family")) {
            json.put("family", request.generatedName(255, "[^A-Za-z0-9_-]"));
        }
        EcsTaskDefinition registered = EcsRequests.registerTaskDefinition(ecs.taskDefinitions(), json);
        return new Provisioned(registered.arn(), Map.of("TaskDefinitionArn", registered.arn()));
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        throw new IllegalStateException("every change of a task definition registers a new revision");
    }

    @Override
    public void delete(StackResourceEntry current) {
        ecs.taskDefinitions().deregister(current.physicalId());
    }
}
