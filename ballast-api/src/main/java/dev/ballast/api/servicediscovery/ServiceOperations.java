package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.cloudmap.DiscoveryService;
import dev.ballast.control.cloudmap.DiscoveryServiceCommands;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Cloud Map service operations: CreateService, GetService, ListServices (filter NAMESPACE_ID; pages of up to
 * 100), UpdateService and DeleteService.
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class ServiceOperations {
    private final DiscoveryServiceCommands services;

    ServiceOperations(DiscoveryServiceCommands services) {
        this.services = services;
    }

    /** Adds these operations to {@code operations} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> operations) {
        operations.put("CreateService", this::create);
        operations.put("GetService", this::get);
        operations.put("ListServices", this::list);
        operations.put("UpdateService", this::update);
        operations.put("DeleteService", this::delete);
    }

    private ObjectNode create(ObjectNode request) {
        return answer(services.create(CloudMapRequests.createService(request)));
    }

    private ObjectNode get(ObjectNode request) {
        return answer(services.find(CloudMapJson.required(request, "Id")));
    }

    /** {@code {"Service": …}} with the CreatorRequestId, as CreateService and GetService answer. */
    private ObjectNode answer(DiscoveryService service) {
        ObjectNode out = CloudMapJson.object();
        out.set("Service", render(service).put("CreatorRequestId", service.creatorRequestId()));
        return out;
    }

    private ObjectNode list(ObjectNode request) {
        List<DiscoveryService> all = services.list().stream()
                .filter(ListFilters.of(request, Set.of("NAMESPACE_ID"), (field, s) -> s.namespaceId()))
                .toList();
        return CloudMapJson.page(request, "Services", all, 100, this::render);
    }

    private ObjectNode update(ObjectNode request) {
        String id = CloudMapJson.required(request, "Id");
        ObjectNode change = CloudMapJson.objectField(request, "Service");
        if (change == null) {
            CloudMapJson.required(request, "Service");
        }
        ObjectNode dnsConfig = CloudMapJson.objectField(change, "DnsConfig");
        String operation = services.update(id, CloudMapJson.string(change, "Description"),
                dnsConfig == null ? null : CloudMapRequests.records(dnsConfig));
        return CloudMapJson.object().put("OperationId", operation);
    }

    private ObjectNode delete(ObjectNode request) {
        services.delete(CloudMapJson.required(request, "Id"));
        return CloudMapJson.object();
    }

    private ObjectNode render(DiscoveryService service) {
        ObjectNode out = CloudMapJson.object()
                .put("Id", service.id())
                .put("Arn", service.arn())
                .put("Name", service.name())
                .put("NamespaceId", service.namespaceId())
                .put("Type", service.type());
        if (service.description() != null) {
            out.put("Description", service.description());
        }
        out.put("InstanceCount", services.instanceCount(service.id()));
        if (!service.dnsRecords().isEmpty()) {
            ObjectNode dns = out.putObject("DnsConfig").put("NamespaceId", service.namespaceId())
                    .put("RoutingPolicy", service.routingPolicy());
            ArrayNode records = dns.putArray("DnsRecords");
            service.dnsRecords().forEach(r -> records.addObject().put("Type", r.type()).put("TTL", r.ttl()));
        }
        if (service.customHealth()) {
            out.putObject("HealthCheckCustomConfig").put("FailureThreshold", 1);
        }
        out.put("CreateDate", CloudMapJson.seconds(service.createdAt()));
        return out;
    }
}
