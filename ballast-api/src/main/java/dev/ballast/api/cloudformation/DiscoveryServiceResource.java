package dev.ballast.api.cloudformation;

import dev.ballast.api.servicediscovery.CloudMapRequests;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.cloudmap.DiscoveryService;
import dev.ballast.control.cloudmap.DiscoveryServiceCommands;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::ServiceDiscovery::Service} on Cloud Map's CreateService command (its properties are that request):
 * Ref is the service id; the description and the DNS records' TTLs change in place (UpdateService), the name,
 * namespace, custom health check and type replace it.
 *
 * <p>Thread-safe (the commands are).
 */
final class DiscoveryServiceResource implements ResourceProvisioner {
    private final DiscoveryServiceCommands services;

    DiscoveryServiceResource(DiscoveryServiceCommands services) {
        this.services = services;
    }

    @Override
    public Set<String> properties() {
        return Set.of("Name", "NamespaceId", "DnsConfig", "HealthCheckConfig", "HealthCheckCustomConfig",
                "Description", "Type", "Tags", "ServiceAttributes");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("Name", "NamespaceId", "HealthCheckCustomConfig", "Type");
    }

    @Override
    public String nameProperty() {
        return "Name";
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        DiscoveryService service = services.create(createRequest(request));
        return new Provisioned(service.id(), Map.of("Id", service.id(), "Arn", service.arn(),
                "Name", service.name()));
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        DiscoveryServiceCommands.Create wanted = createRequest(request);
        services.update(current.physicalId(), wanted.description(), wanted.dnsRecords());
        return new Provisioned(current.physicalId(), current.attributes());
    }

    /** The properties as Cloud Map's CreateService request. */
    private static DiscoveryServiceCommands.Create createRequest(ResourceRequest request) {
        var json = new ResourceProperties(request.properties()).json(Set.of("TTL", "FailureThreshold"));
        if (!json.hasNonNull("Name")) {
            json.put("Name", request.generatedName(127, "[^A-Za-z0-9_-]"));
        }
        json.put("CreatorRequestId", request.stackName() + "-" + request.logicalId() + "-" + request.uniqueSuffix());
        return CloudMapRequests.createService(json);
    }

    @Override
    public void delete(StackResourceEntry current) {
        if (services.list().stream().anyMatch(s -> s.id().equals(current.physicalId()))) {
            services.delete(current.physicalId());
        }
    }
}
