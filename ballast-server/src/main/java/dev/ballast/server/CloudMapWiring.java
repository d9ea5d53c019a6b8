package dev.ballast.server;

import dev.ballast.api.servicediscovery.CloudMapService;
import dev.ballast.control.cloudmap.CloudMapOperations;
import dev.ballast.control.cloudmap.CloudMapTags;
import dev.ballast.control.cloudmap.DiscoveryServiceCommands;
import dev.ballast.control.cloudmap.InstanceCommands;
import dev.ballast.control.cloudmap.NamespaceCommands;
import dev.ballast.control.route53.HostedZoneCommands;
import dev.ballast.control.route53.Route53Writer;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Builds the Cloud Map API on the Route 53 writer (a DNS namespace is a private hosted zone; both change in one
 * commit of the Route 53 store).
 *
 * <p>Thread-safe (stateless).
 */
final class CloudMapWiring {
    private CloudMapWiring() {}

    /** The Cloud Map API whose commands write through {@code writer}. */
    static CloudMapService service(Route53Writer writer, HostedZoneCommands zones, Clock clock,
                                   RandomGenerator random) {
        CloudMapOperations operations = new CloudMapOperations(writer, clock, random);
        return new CloudMapService(new NamespaceCommands(writer, zones, operations),
                new DiscoveryServiceCommands(writer, operations), new InstanceCommands(writer, operations),
                operations, new CloudMapTags(writer));
    }
}
