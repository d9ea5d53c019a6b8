package dev.ballast.api.servicediscovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.control.cloudmap.DiscoveryNamespace;
import dev.ballast.control.cloudmap.NamespaceCommands;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Cloud Map namespace operations: CreatePrivateDnsNamespace, CreateHttpNamespace, GetNamespace,
 * ListNamespaces (filters TYPE, NAME, HTTP_NAME; pages of up to 100) and DeleteNamespace.
 *
 * <p>Thread-safe (stateless apart from the commands).
 */
final class NamespaceOperations {
    private final NamespaceCommands namespaces;

    NamespaceOperations(NamespaceCommands namespaces) {
        this.namespaces = namespaces;
    }

    /** Adds these operations to {@code operations} by name. */
    void addTo(Map<String, Function<ObjectNode, ObjectNode>> operations) {
        operations.put("CreatePrivateDnsNamespace", r -> create(r, DiscoveryNamespace.DNS_PRIVATE));
        operations.put("CreateHttpNamespace", r -> create(r, DiscoveryNamespace.HTTP));
        operations.put("GetNamespace", this::get);
        operations.put("ListNamespaces", this::list);
        operations.put("DeleteNamespace", this::delete);
    }

    private ObjectNode create(ObjectNode request, String type) {
        return CloudMapJson.object().put("OperationId", namespaces.create(CloudMapRequests.createNamespace(request,
                type)));
    }

    private ObjectNode get(ObjectNode request) {
        DiscoveryNamespace namespace = namespaces.find(CloudMapJson.required(request, "Id"));
        ObjectNode out = CloudMapJson.object();
        out.set("Namespace", render(namespace).put("CreatorRequestId", namespace.creatorRequestId()));
        return out;
    }

    private ObjectNode list(ObjectNode request) {
        List<DiscoveryNamespace> all = namespaces.list().stream()
                .filter(ListFilters.of(request, Set.of("TYPE", "NAME", "HTTP_NAME"),
                        (field, n) -> field.equals("TYPE") ? n.type() : n.name()))
                .toList();
        return CloudMapJson.page(request, "Namespaces", all, 100, this::render);
    }

    private ObjectNode delete(ObjectNode request) {
        return CloudMapJson.object().put("OperationId", namespaces.delete(CloudMapJson.required(request, "Id")));
    }

    private ObjectNode render(DiscoveryNamespace namespace) {
        ObjectNode out = CloudMapJson.object()
                .put("Id", namespace.id())
                .put("Arn", namespace.arn())
                .put("Name", namespace.name())
                .put("Type", namespace.type());
        if (namespace.description() != null) {
            out.put("Description", namespace.description());
        }
        out.put("ServiceCount", namespaces.serviceCount(namespace.id()));
        ObjectNode properties = out.putObject("Properties");
        if (namespace.dns()) {
            ObjectNode dns = properties.putObject("DnsProperties").put("HostedZoneId", namespace.hostedZoneId());
            dns.putObject("SOA").put("TTL", namespace.soaTtl());
        } else {
            properties.putObject("DnsProperties");
        }
        properties.putObject("HttpProperties").put("HttpName", namespace.name());
        out.put("CreateDate", CloudMapJson.seconds(namespace.createdAt()));
        return out;
    }
}
