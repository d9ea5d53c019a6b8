package dev.ballast.server;

import dev.ballast.api.servicediscovery.CloudMapService;
import dev.ballast.control.cloudmap.CloudMapOperations;
import dev.ballast.control.cloudmap.CloudMapTags;
import dev.ballast.control.cloudmap.DiscoveryService;
import dev.ballast.control.cloudmap.DiscoveryServiceCommands;
import dev.ballast.control.cloudmap.DnsRecordTemplate;
import dev.ballast.control.cloudmap.InstanceCommands;
import dev.ballast.control.cloudmap.NamespaceCommands;
import dev.ballast.control.ecs.ServiceRegistryLookup;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.Route53Writer;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Cloud Map in the server: its API and the commands ECS uses (instances for the scheduler, service lookups for
 * {@code serviceRegistries}), all on the Route 53 writer (a DNS namespace is a private hosted zone; both change in
 * one commit of the Route 53 store).
 *
 * <p>Thread-safe (immutable; the commands are thread-safe).
 *
 * @param api the Cloud Map API
 * @param instances the instance commands the ECS scheduler registers tasks with
 * @param registries what ECS's CreateService and UpdateService know of a registry ARN
 * @param namespaces the namespace commands (CloudFormation's PrivateDnsNamespace)
 * @param services the service commands (CloudFormation's ServiceDiscovery::Service)
 */
record CloudMapWiring(CloudMapService api, InstanceCommands instances, ServiceRegistryLookup registries,
                      NamespaceCommands namespaces, DiscoveryServiceCommands services) {
    /** Cloud Map whose commands write through {@code writer}. */
    static CloudMapWiring of(Route53Writer writer, HostedZoneCommands zones, Clock clock, RandomGenerator random) {
        CloudMapOperations operations = new CloudMapOperations(writer, clock, random);
        DiscoveryServiceCommands services = new DiscoveryServiceCommands(writer, operations);
        InstanceCommands instances = new InstanceCommands(writer, operations);
        NamespaceCommands namespaces = new NamespaceCommands(writer, zones, operations);
        CloudMapService api = new CloudMapService(namespaces, services,
                instances, operations, new CloudMapTags(writer));
        ServiceRegistryLookup registries = arn -> services.list().stream().filter(s -> s.arn().equals(arn))
                .findFirst().map(DiscoveryService::dnsRecords)
                .map(records -> records.stream().map(DnsRecordTemplate::type).toList()).orElse(null);
        return new CloudMapWiring(api, instances, registries, namespaces, services);
    }
}
