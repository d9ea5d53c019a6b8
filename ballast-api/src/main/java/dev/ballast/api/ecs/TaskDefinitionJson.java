package dev.ballast.api.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsEnvironmentVariable;
import dev.ballast.control.ecs.EcsHealthCheck;
import dev.ballast.control.ecs.EcsPortMapping;
import dev.ballast.control.ecs.EcsTaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the container definitions of a RegisterTaskDefinition request and renders a task definition as ECS does
 * (container {@code cpu}/{@code memory} as ints, task {@code cpu}/{@code memory} as strings, timestamps in epoch
 * seconds).
 *
 * <p>Thread-safe (stateless).
 */
final class TaskDefinitionJson {
    private TaskDefinitionJson() {}

    /** The {@code containerDefinitions} of {@code request}; empty when absent. */
    static List<EcsContainerDefinition> containers(ObjectNode request) {
        List<EcsContainerDefinition> out = new ArrayList<>();
        for (ObjectNode c : EcsJson.objects(request, "containerDefinitions")) {
            List<EcsPortMapping> ports = new ArrayList<>();
            for (ObjectNode p : EcsJson.objects(c, "portMappings")) {
                Integer containerPort = EcsJson.integer(p, "containerPort");
                String protocol = EcsJson.string(p, "protocol");
                ports.add(new EcsPortMapping(containerPort == null ? 0 : containerPort, EcsJson.integer(p, "hostPort"),
                        protocol == null ? "tcp" : protocol));
            }
            List<EcsEnvironmentVariable> environment = new ArrayList<>();
            for (ObjectNode e : EcsJson.objects(c, "environment")) {
                environment.add(new EcsEnvironmentVariable(EcsJson.string(e, "name"), EcsJson.string(e, "value")));
            }
            Boolean essential = EcsJson.bool(c, "essential");
            out.add(new EcsContainerDefinition(EcsJson.string(c, "name"), EcsJson.string(c, "image"),
                    EcsJson.integer(c, "cpu"), EcsJson.integer(c, "memory"), essential == null || essential, ports,
                    environment, EcsJson.strings(c, "command"), EcsJson.strings(c, "entryPoint"),
                    EcsJson.integer(c, "memoryReservation"), healthCheck(c), EcsJson.integer(c, "stopTimeout"),
                    labels(c)));
        }
        return out;
    }

    private static EcsHealthCheck healthCheck(ObjectNode container) {
        ObjectNode h = EcsJson.object(container, "healthCheck");
        if (h == null) {
            return null;
        }
        return new EcsHealthCheck(EcsJson.strings(h, "command"),
                orDefault(EcsJson.integer(h, "interval"), EcsHealthCheck.DEFAULT_INTERVAL),
                orDefault(EcsJson.integer(h, "timeout"), EcsHealthCheck.DEFAULT_TIMEOUT),
                orDefault(EcsJson.integer(h, "retries"), EcsHealthCheck.DEFAULT_RETRIES),
                orDefault(EcsJson.integer(h, "startPeriod"), 0));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static Map<String, String> labels(ObjectNode container) {
        ObjectNode labels = EcsJson.object(container, "dockerLabels");
        Map<String, String> out = new LinkedHashMap<>();
        if (labels != null) {
            for (String name : (Iterable<String>) labels::fieldNames) {
                out.put(name, EcsJson.string(labels, name));
            }
        }
        return out;
    }

    /** {@code definition} as ECS renders it. */
    static ObjectNode render(EcsTaskDefinition definition) {
        ObjectNode out = EcsJson.object()
                .put("taskDefinitionArn", definition.arn())
                .put("family", definition.family())
                .put("revision", definition.revision())
                .put("status", definition.status())
                .put("networkMode", definition.networkMode());
        ArrayNode containers = out.putArray("containerDefinitions");
        definition.containerDefinitions().forEach(c -> containers.add(container(c, definition.networkMode())));
        out.putArray("volumes");
        out.putArray("placementConstraints");
        ArrayNode compatibilities = out.putArray("compatibilities");
        compatibilities.add("EC2");
        if (definition.networkMode().equals("awsvpc")) {
            compatibilities.add("FARGATE");
        }
        ArrayNode requires = out.putArray("requiresCompatibilities");
        definition.requiresCompatibilities().forEach(requires::add);
        if (definition.cpu() != null) {
            out.put("cpu", definition.cpu());
        }
        if (definition.memory() != null) {
            out.put("memory", definition.memory());
        }
        out.put("registeredAt", definition.registeredAt() / 1000.0);
        out.put("registeredBy", "arn:aws:iam::000000000000:root");
        if (definition.deregisteredAt() != null) {
            out.put("deregisteredAt", definition.deregisteredAt() / 1000.0);
        }
        return out;
    }

    private static ObjectNode container(EcsContainerDefinition c, String networkMode) {
        ObjectNode out = EcsJson.object().put("name", c.name()).put("image", c.image());
        out.put("cpu", c.cpu() == null ? 0 : c.cpu());
        if (c.memory() != null) {
            out.put("memory", c.memory());
        }
        if (c.memoryReservation() != null) {
            out.put("memoryReservation", c.memoryReservation());
        }
        out.put("essential", c.essential());
        ArrayNode ports = out.putArray("portMappings");
        for (EcsPortMapping p : c.portMappings()) {
            ObjectNode port = ports.addObject().put("containerPort", p.containerPort());
            // awsvpc and host publish the container port itself; bridge without a host port picks one per task
            if (p.hostPort() != null) {
                port.put("hostPort", p.hostPort());
            } else if (!networkMode.equals("bridge")) {
                port.put("hostPort", p.containerPort());
            }
            port.put("protocol", p.protocol());
        }
        ArrayNode environment = out.putArray("environment");
        c.environment().forEach(e -> environment.addObject().put("name", e.name()).put("value", e.value()));
        strings(out.putArray("command"), c.command());
        strings(out.putArray("entryPoint"), c.entryPoint());
        out.putArray("mountPoints");
        out.putArray("volumesFrom");
        if (c.healthCheck() != null) {
            EcsHealthCheck h = c.healthCheck();
            ObjectNode check = out.putObject("healthCheck");
            strings(check.putArray("command"), h.command());
            check.put("interval", h.interval()).put("timeout", h.timeout()).put("retries", h.retries())
                    .put("startPeriod", h.startPeriod());
        }
        if (c.stopTimeout() != null) {
            out.put("stopTimeout", c.stopTimeout());
        }
        if (!c.dockerLabels().isEmpty()) {
            ObjectNode labels = out.putObject("dockerLabels");
            c.dockerLabels().forEach(labels::put);
        }
        return out;
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }
}
