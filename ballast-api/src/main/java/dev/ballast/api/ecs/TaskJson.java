package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.EcsCluster;
import dev.ballast.control.ecs.EcsContainer;
import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsContainerOverride;
import dev.ballast.control.ecs.EcsEnvironmentVariable;
import dev.ballast.control.ecs.EcsNetworkBinding;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.RunTaskRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Reads RunTask requests and renders a task as ECS's DescribeTasks does: containers with their network bindings,
 * the {@code awsvpc} network interface as an {@code ElasticNetworkInterface} attachment whose details carry
 * {@code privateIPv4Address}, cpu and memory as strings, times as epoch seconds; in a cluster, the node the task is
 * placed on as its {@code containerInstanceArn} (the node's instance id) and the attributes {@code ballast.node} and
 * {@code ballast.node-address}.
 *
 * <p>Thread-safe (stateless).
 */
final class TaskJson {
    private static final String CONTAINER_ARN_PREFIX = "arn:aws:ecs:us-east-1:000000000000:container/";
    private static final String AVAILABILITY_ZONE = "us-east-1a";
    /** The task attribute naming the cluster node a task runs on. */
    static final String NODE_ATTRIBUTE = "ballast.node";
    /** The task attribute giving the address of the cluster node a task runs on. */
    static final String NODE_ADDRESS_ATTRIBUTE = "ballast.node-address";

    private TaskJson() {}

    /** The RunTask request in {@code request}. */
    static RunTaskRequest runRequest(ObjectNode request) {
        List<EcsContainerOverride> overrides = new ArrayList<>();
        ObjectNode o = EcsJson.object(request, "overrides");
        if (o != null) {
            for (ObjectNode c : EcsJson.objects(o, "containerOverrides")) {
                List<EcsEnvironmentVariable> environment = new ArrayList<>();
                for (ObjectNode e : EcsJson.objects(c, "environment")) {
                    environment.add(new EcsEnvironmentVariable(EcsJson.string(e, "name"), EcsJson.string(e,
                            "value")));
                }
                overrides.add(new EcsContainerOverride(EcsJson.string(c, "name"), EcsJson.strings(c, "command"),
                        environment));
            }
        }
        return new RunTaskRequest(EcsJson.string(request, "cluster"), EcsJson.string(request, "taskDefinition"),
                EcsJson.integer(request, "count"), EcsJson.string(request, "launchType"),
                EcsJson.networkConfiguration(request), overrides, EcsJson.string(request, "group"),
                EcsJson.string(request, "startedBy"), EcsJson.tags(request), PlacementJson.placement(request));
    }

    /** {@code task} as ECS renders it, its definition from {@code state}; tags only when {@code withTags}. */
    static ObjectNode render(EcsTask task, EcsState state, boolean withTags) {
        EcsTaskDefinition definition = state.taskDefinitions().get(task.taskDefinition());
        boolean awsvpc = definition != null && definition.networkMode().equals("awsvpc");
        String attachmentId = attachmentId(task);
        ObjectNode out = EcsJson.object();
        ArrayNode attachments = out.putArray("attachments");
        if (awsvpc) {
            attachments.add(attachment(task, attachmentId));
        }
        ArrayNode attributes = out.putArray("attributes");
        if (task.node() != null) {
            // the cluster node the task is placed on (cluster mode); its instance id is the container instance's
            attributes.addObject().put("name", NODE_ATTRIBUTE).put("value", task.node().name());
            attributes.addObject().put("name", NODE_ADDRESS_ATTRIBUTE).put("value", task.node().address());
        }
        // a placed task is in its node's zone (--node-zone)
        out.put("availabilityZone",
                        task.node() != null ? task.node().profile().availabilityZone() : AVAILABILITY_ZONE)
                .put("clusterArn", EcsCluster.ARN_PREFIX + task.cluster())
                // tasks run on this host, so the agent is always connected to them
                .put("connectivity", "CONNECTED")
                .put("connectivityAt", EcsJson.seconds(task.createdAt()));
        if (task.node() != null) {
            out.put("containerInstanceArn", task.node().containerInstanceArn(task.cluster()));
        }
        ArrayNode containers = out.putArray("containers");
        for (EcsContainer c : task.containers()) {
            containers.add(container(task, c, definition == null ? null : definition.container(c.name()), awsvpc,
                    attachmentId));
        }
        if (definition != null) {
            out.put("cpu", taskCpu(definition)).put("memory", taskMemory(definition));
        }
        out.put("createdAt", EcsJson.seconds(task.createdAt()))
                .put("desiredStatus", task.desiredStatus())
                .put("enableExecuteCommand", false);
        if (task.stoppedAt() != null) {
            out.put("executionStoppedAt", EcsJson.seconds(task.stoppedAt()));
        }
        if (task.group() != null) {
            out.put("group", task.group());
        }
        out.put("healthStatus", task.healthStatus())
                .put("lastStatus", task.lastStatus())
                .put("launchType", task.launchType());
        ObjectNode overrides = out.putObject("overrides");
        ArrayNode containerOverrides = overrides.putArray("containerOverrides");
        for (EcsContainer c : task.containers()) {
            containerOverrides.add(override(c.name(), task.containerOverrides()));
        }
        overrides.putArray("inferenceAcceleratorOverrides");
        if ("FARGATE".equals(task.launchType())) {
            out.put("platformVersion", "1.4.0").put("platformFamily", "Linux");
        }
        if (task.startedAt() != null) {
            // the drivers run local images: nothing is pulled, so the pull ends as the task starts
            out.put("pullStartedAt", EcsJson.seconds(task.startedAt()))
                    .put("pullStoppedAt", EcsJson.seconds(task.startedAt()))
                    .put("startedAt", EcsJson.seconds(task.startedAt()));
        }
        if (task.startedBy() != null) {
            out.put("startedBy", task.startedBy());
        }
        if (task.stopCode() != null) {
            out.put("stopCode", task.stopCode());
        }
        if (task.stoppedAt() != null) {
            out.put("stoppedAt", EcsJson.seconds(task.stoppedAt()));
        }
        if (task.stoppedReason() != null) {
            out.put("stoppedReason", task.stoppedReason());
        }
        if (task.stoppingAt() != null) {
            out.put("stoppingAt", EcsJson.seconds(task.stoppingAt()));
        }
        if (withTags) {
            out.set("tags", EcsJson.tagArray(task.tags()));
        }
        out.put("taskArn", task.arn())
                .put("taskDefinitionArn", EcsTaskDefinition.ARN_PREFIX + task.taskDefinition())
                .put("version", task.version());
        return out;
    }

    private static ObjectNode attachment(EcsTask task, String attachmentId) {
        String status = task.lastStatus().equals(EcsTask.STOPPED) ? "DELETED"
                : task.privateIpv4Address() == null ? "PRECREATED" : "ATTACHED";
        ObjectNode out = EcsJson.object().put("id", attachmentId).put("type", "ElasticNetworkInterface")
                .put("status", status);
        ArrayNode details = out.putArray("details");
        if (task.networkConfiguration() != null && !task.networkConfiguration().subnets().isEmpty()) {
            detail(details, "subnetId", task.networkConfiguration().subnets().get(0));
        }
        detail(details, "networkInterfaceId", "eni-" + task.id().substring(0, 17));
        detail(details, "macAddress", macAddress(task.id()));
        if (task.privateIpv4Address() != null) {
            detail(details, "privateDnsName", "ip-" + task.privateIpv4Address().replace('.', '-') + ".ec2.internal");
            detail(details, "privateIPv4Address", task.privateIpv4Address());
        }
        return out;
    }

    private static void detail(ArrayNode details, String name, String value) {
        details.addObject().put("name", name).put("value", value);
    }

    private static ObjectNode container(EcsTask task, EcsContainer c, EcsContainerDefinition definition,
                                        boolean awsvpc, String attachmentId) {
        ObjectNode out = EcsJson.object()
                .put("containerArn", CONTAINER_ARN_PREFIX + task.key() + "/" + c.id())
                .put("taskArn", task.arn())
                .put("name", c.name())
                .put("image", c.image());
        if (c.runtimeId() != null) {
            out.put("runtimeId", c.runtimeId());
        }
        out.put("lastStatus", c.lastStatus());
        if (c.exitCode() != null) {
            out.put("exitCode", c.exitCode());
        }
        if (c.reason() != null) {
            out.put("reason", c.reason());
        }
        ArrayNode bindings = out.putArray("networkBindings");
        for (EcsNetworkBinding b : c.networkBindings()) {
            bindings.addObject().put("bindIP", b.bindIP()).put("containerPort", b.containerPort())
                    .put("hostPort", b.hostPort()).put("protocol", b.protocol());
        }
        ArrayNode interfaces = out.putArray("networkInterfaces");
        if (awsvpc && task.privateIpv4Address() != null) {
            interfaces.addObject().put("attachmentId", attachmentId)
                    .put("privateIpv4Address", task.privateIpv4Address());
        }
        out.put("healthStatus", c.healthStatus());
        if (definition != null) {
            out.put("cpu", String.valueOf(definition.cpu() == null ? 0 : definition.cpu()));
            if (definition.memory() != null) {
                out.put("memory", String.valueOf(definition.memory()));
            }
            if (definition.memoryReservation() != null) {
                out.put("memoryReservation", String.valueOf(definition.memoryReservation()));
            }
        }
        return out;
    }

    private static ObjectNode override(String name, List<EcsContainerOverride> overrides) {
        ObjectNode out = EcsJson.object().put("name", name);
        for (EcsContainerOverride o : overrides) {
            if (o.name().equals(name)) {
                if (!o.command().isEmpty()) {
                    EcsJson.stringArray(out.putArray("command"), o.command());
                }
                if (!o.environment().isEmpty()) {
                    ArrayNode env = out.putArray("environment");
                    o.environment().forEach(e -> env.addObject().put("name", e.name()).put("value", e.value()));
                }
            }
        }
        return out;
    }

    /** The task-level cpu units: the definition's, else the sum of its containers'. */
    private static String taskCpu(EcsTaskDefinition definition) {
        if (definition.cpu() != null) {
            return definition.cpu();
        }
        return String.valueOf(definition.containerDefinitions().stream()
                .mapToInt(c -> c.cpu() == null ? 0 : c.cpu()).sum());
    }

    /** The task-level memory: the definition's, else the sum of its containers' limits (or reservations). */
    private static String taskMemory(EcsTaskDefinition definition) {
        if (definition.memory() != null) {
            return definition.memory();
        }
        return String.valueOf(definition.containerDefinitions().stream().mapToInt(c -> c.memory() != null
                ? c.memory() : c.memoryReservation() != null ? c.memoryReservation() : 0).sum());
    }

    /** A stable attachment id for the task's network interface, derived from the task id. */
    private static String attachmentId(EcsTask task) {
        return UUID.nameUUIDFromBytes(("eni/" + task.id()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A locally administered MAC address derived from the task id. */
    private static String macAddress(String taskId) {
        byte[] bytes = HexFormat.of().parseHex(taskId.substring(0, 10));
        return "0a:" + HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
