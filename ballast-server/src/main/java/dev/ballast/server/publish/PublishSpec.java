package dev.ballast.server.publish;

import java.util.List;
import java.util.Map;

/**
 * What {@code ballast service create} (or the demo) asks for: a service of {@code replicas} tasks of {@code image},
 * published on a load balancer listener that forwards to the service's target group.
 *
 * <p>Thread-safe (immutable).
 *
 * @param loadBalancerName the load balancer that gets the listener (created when missing)
 * @param targetGroupName  the target group created for the service
 * @param command          the container's command (empty: the image's)
 * @param environment      the container's environment
 */
public record PublishSpec(String serviceName, String image, int replicas, PublishedPort port,
                          String loadBalancerName, String targetGroupName, List<String> command,
                          Map<String, String> environment) {
    /** The load balancer {@code ballast service create} publishes HTTP ports on (Swarm's ingress). */
    public static final String INGRESS = "ballast-ingress";
    /** The load balancer {@code ballast service create} publishes tcp and udp ports on. */
    public static final String INGRESS_L4 = "ballast-ingress-l4";

    /** Copies the collections and checks the names. */
    public PublishSpec {
        if (serviceName == null || !serviceName.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("--name: " + serviceName + " (expected: 1-32 letters, digits and "
                    + "hyphens, not starting or ending with a hyphen)");
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("--replicas: " + replicas + " (expected: 0 or more)");
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** The spec {@code ballast service create} uses: the shared ingress load balancer, a target group named as the service. */
    public static PublishSpec onIngress(String serviceName, String image, int replicas, PublishedPort port,
                                        List<String> command, Map<String, String> environment) {
        return new PublishSpec(serviceName, image, replicas, port, port.layer4() ? INGRESS_L4 : INGRESS, serviceName,
                command, environment);
    }
}
