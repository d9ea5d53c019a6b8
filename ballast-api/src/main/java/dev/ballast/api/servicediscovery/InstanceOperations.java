package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.cloudmap.DiscoveryInstance;
import dev.ballast.control.cloudmap.InstanceCommands;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Cloud Map instance operations: RegisterInstance, DeregisterInstance, GetInstance, ListInstances,
 * DiscoverInstances (and DiscoverInstancesRevision), UpdateInstanceCustomHealthStatus and GetInstancesHealthStatus.
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class InstanceOperations {
    private static final int DISCOVER_MAX = 1000;
    private static final int DISCOVER_DEFAULT = 100;
    private final InstanceCommands instances;

    InstanceOperations(InstanceCommands instances) {
        this.instances = instances;
    }

    /** Adds these operations to {@code operations} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> operations) {
        operations.put("RegisterInstance", this::register);
        operations.put("DeregisterInstance", this::deregister);
        operations.put("GetInstance", this::get);
        operations.put("ListInstances", this::list);
        operations.put("DiscoverInstances", this::discover);
        operations.put("DiscoverInstancesRevision", this::revision);
        operations.put("UpdateInstanceCustomHealthStatus", this::updateHealth);
        operations.put("GetInstancesHealthStatus", this::health);
    }

    private ObjectNode register(ObjectNode request) {
        Map<String, String> attributes = CloudMapJson.map(request, "Attributes");
        String operation = instances.register(CloudMapJson.string(request, "ServiceId"),
                CloudMapJson.string(request, "InstanceId"), CloudMapJson.string(request, "CreatorRequestId"),
                attributes == null ? Map.of() : attributes);
        return CloudMapJson.object().put("OperationId", operation);
    }

    private ObjectNode deregister(ObjectNode request) {
        String operation = instances.deregister(CloudMapJson.required(request, "ServiceId"),
                CloudMapJson.required(request, "InstanceId"));
        return CloudMapJson.object().put("OperationId", operation);
    }

    private ObjectNode get(ObjectNode request) {
        DiscoveryInstance instance = instances.find(CloudMapJson.required(request, "ServiceId"),
                CloudMapJson.required(request, "InstanceId"));
        ObjectNode out = CloudMapJson.object();
        ObjectNode rendered = out.putObject("Instance").put("Id", instance.id());
        if (instance.creatorRequestId() != null) {
            rendered.put("CreatorRequestId", instance.creatorRequestId());
        }
        rendered.set("Attributes", CloudMapJson.stringMap(instance.attributes()));
        return out;
    }

    private ObjectNode list(ObjectNode request) {
        List<DiscoveryInstance> all = instances.list(CloudMapJson.required(request, "ServiceId"));
        return CloudMapJson.page(request, "Instances", all, 100, i -> (JsonNode) CloudMapJson.object()
                .put("Id", i.id()).set("Attributes", CloudMapJson.stringMap(i.attributes())));
    }

    private ObjectNode discover(ObjectNode request) {
        Long max = CloudMapJson.number(request, "MaxResults");
        long size = max == null ? DISCOVER_DEFAULT : max;
        if (size < 1 || size > DISCOVER_MAX) {
            throw new AwsException(AwsError.INVALID_INPUT, "MaxResults: " + size + " (expected: 1-" + DISCOVER_MAX
                    + ")");
        }
        List<InstanceCommands.DiscoveredInstance> found = instances.discover(new InstanceCommands.Discover(
                CloudMapJson.required(request, "NamespaceName"), CloudMapJson.required(request, "ServiceName"),
                CloudMapJson.map(request, "QueryParameters"), CloudMapJson.map(request, "OptionalParameters"),
                CloudMapJson.string(request, "HealthStatus")));
        ObjectNode out = CloudMapJson.object();
        ArrayNode items = out.putArray("Instances");
        found.stream().limit(size).forEach(d -> {
            ObjectNode item = items.addObject()
                    .put("InstanceId", d.instance().id())
                    .put("NamespaceName", d.namespaceName())
                    .put("ServiceName", d.serviceName())
                    .put("HealthStatus", d.instance().reportedHealth());
            item.set("Attributes", CloudMapJson.stringMap(d.instance().attributes()));
        });
        out.put("InstancesRevision", instances.revision());
        return out;
    }

    private ObjectNode revision(ObjectNode request) {
        instances.discover(new InstanceCommands.Discover(CloudMapJson.required(request, "NamespaceName"),
                CloudMapJson.required(request, "ServiceName"), null, null, "ALL"));
        return CloudMapJson.object().put("InstancesRevision", instances.revision());
    }

    private ObjectNode updateHealth(ObjectNode request) {
        instances.updateHealth(CloudMapJson.required(request, "ServiceId"),
                CloudMapJson.required(request, "InstanceId"), CloudMapJson.required(request, "Status"));
        return CloudMapJson.object();
    }

    private ObjectNode health(ObjectNode request) {
        String serviceId = CloudMapJson.required(request, "ServiceId");
        List<String> asked = CloudMapJson.strings(request, "Instances");
        List<DiscoveryInstance> all = asked == null ? instances.list(serviceId)
                : asked.stream().map(id -> instances.find(serviceId, id)).toList();
        ObjectNode page = CloudMapJson.page(request, "Ids", all, 100, i -> CloudMapJson.object().textNode(i.id()));
        ObjectNode out = CloudMapJson.object();
        ObjectNode status = out.putObject("Status");
        for (DiscoveryInstance i : all) {
            for (JsonNode id : page.get("Ids")) {
                if (id.asText().equals(i.id())) {
                    status.put(i.id(), i.reportedHealth());
                }
            }
        }
        if (page.has("NextToken")) {
            out.put("NextToken", page.get("NextToken").asText());
        }
        return out;
    }
}
