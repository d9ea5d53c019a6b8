package dev.ballast.api.cloudformation;

import dev.ballast.api.servicediscovery.CloudMapRequests;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.cloudmap.DiscoveryNamespace;
import dev.ballast.control.cloudmap.NamespaceCommands;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::ServiceDiscovery::PrivateDnsNamespace} on CreatePrivateDnsNamespace's command (its properties are
 * that request): Ref is the namespace id; any change but the description and tags replaces it.
 *
 * <p>Thread-safe (the commands are).
 */
final class DnsNamespaceResource implements ResourceProvisioner {
    private final NamespaceCommands namespaces;

    DnsNamespaceResource(NamespaceCommands namespaces) {
        this.namespaces = namespaces;
    }

    @Override
    public Set<String> properties() {
        return Set.of("Name", "Vpc", "Description", "Properties", "Tags");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("Name", "Vpc");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("Name", "Vpc", "Properties");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        var json = new ResourceProperties(request.properties()).json(Set.of("TTL"));
        json.put("CreatorRequestId", request.stackName() + "-" + request.logicalId() + "-" + request.uniqueSuffix());
        namespaces.create(CloudMapRequests.createNamespace(json, DiscoveryNamespace.DNS_PRIVATE));
        String name = json.get("Name").asText().replaceAll("\\.$", "");
        DiscoveryNamespace created = namespaces.list().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow();
        return provisioned(created);
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        return new Provisioned(current.physicalId(), current.attributes());
    }

    @Override
    public void delete(StackResourceEntry current) {
        if (namespaces.list().stream().anyMatch(n -> n.id().equals(current.physicalId()))) {
            namespaces.delete(current.physicalId());
        }
    }

    private static Provisioned provisioned(DiscoveryNamespace n) {
        return new Provisioned(n.id(), Map.of("Id", n.id(), "Arn", n.arn(), "HostedZoneId", n.hostedZoneId()));
    }
}
