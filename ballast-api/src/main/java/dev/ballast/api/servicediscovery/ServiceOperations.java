package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.cloudmap.DiscoveryService;
import dev.ballast.control.cloudmap.DiscoveryServiceCommands;
import dev.ballast.control.cloudmap.DnsRecordTemplate;
import java.util.ArrayList;
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
        ObjectNode dnsConfig = CloudMapJson.objectField(request, "DnsConfig");
        String namespaceId = CloudMapJson.string(request, "NamespaceId");
        if (namespaceId == null && dnsConfig != null) {
            namespaceId = CloudMapJson.string(dnsConfig, "NamespaceId"); // the deprecated place
        }
        ObjectNode custom = CloudMapJson.objectField(request, "HealthCheckCustomConfig");
        Long threshold = custom == null ? null : CloudMapJson.number(custom, "FailureThreshold");
        DiscoveryService service = services.create(new DiscoveryServiceCommands.Create(
                CloudMapJson.string(request, "Name"), namespaceId, CloudMapJson.string(request, "CreatorRequestId"),
                CloudMapJson.string(request, "Description"),
                dnsConfig == null ? null : CloudMapJson.string(dnsConfig, "RoutingPolicy"),
                dnsConfig == null ? null : records(dnsConfig),
                CloudMapJson.objectField(request, "HealthCheckConfig") != null, custom != null,
                threshold == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, threshold)),
                CloudMapJson.string(request, "Type"), CloudMapJson.tags(request)));
        return answer(service);
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
                dnsConfig == null ? null : records(dnsConfig));
        return CloudMapJson.object().put("OperationId", operation);
    }

    private ObjectNode delete(ObjectNode request) {
        services.delete(CloudMapJson.required(request, "Id"));
        return CloudMapJson.object();
    }

    private static List<DnsRecordTemplate> records(ObjectNode dnsConfig) {
        List<ObjectNode> given = CloudMapJson.objects(dnsConfig, "DnsRecords");
        List<DnsRecordTemplate> out = new ArrayList<>();
        for (ObjectNode record : given) {
            Long ttl = CloudMapJson.number(record, "TTL");
            out.add(new DnsRecordTemplate(CloudMapJson.required(record, "Type"), ttl == null ? -1 : ttl));
        }
        return out;
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
