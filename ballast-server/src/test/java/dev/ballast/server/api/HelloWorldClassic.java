package dev.ballast.server.api;

import java.util.List;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancing.model.Listener;

/**
 * Seed 002's Classic load balancer {@code HelloWorldLoadBalancer}, made and read through the Classic ELB API as the
 * seed's console steps do: an HTTP listener to the instances' published port, checked with {@code HTTP:<port>/}.
 *
 * <p>Thread-safe (stateless); the client given is.
 */
final class HelloWorldClassic {
    static final String NAME = "HelloWorldLoadBalancer";

    private HelloWorldClassic() {}

    /**
     * Creates it with an HTTP listener on {@code port} forwarding to {@code instancePort}, checked with
     * {@code HTTP:<instancePort>/} every 5 s (2 s timeout; 2 checks to pass, 2 to fail), so it does not wait 30 s
     * as the default check would.
     */
    static void create(ElasticLoadBalancingClient classic, int port, int instancePort) {
        classic.createLoadBalancer(b -> b.loadBalancerName(NAME).listeners(Listener.builder().protocol("HTTP")
                .loadBalancerPort(port).instanceProtocol("HTTP").instancePort(instancePort).build())
                .availabilityZones("us-east-1a"));
        classic.configureHealthCheck(b -> b.loadBalancerName(NAME).healthCheck(h -> h.target("HTTP:" + instancePort
                + "/").interval(5).timeout(2).unhealthyThreshold(2).healthyThreshold(2)));
    }

    /** Registers the instances {@code ids}. */
    static void register(ElasticLoadBalancingClient classic, List<String> ids) {
        classic.registerInstancesWithLoadBalancer(b -> b.loadBalancerName(NAME).instances(ids.stream()
                .map(id -> Instance.builder().instanceId(id).build()).toList()));
    }

    /** DescribeInstanceHealth's rows: the view of the node whose API answers. */
    static List<InstanceState> health(ElasticLoadBalancingClient classic) {
        return classic.describeInstanceHealth(b -> b.loadBalancerName(NAME)).instanceStates();
    }

    /** The row of instance {@code id}. */
    static InstanceState stateOf(ElasticLoadBalancingClient classic, String id) {
        return health(classic).stream().filter(s -> s.instanceId().equals(id)).findFirst().orElseThrow();
    }

    /** How many instances are InService. */
    static long inService(ElasticLoadBalancingClient classic) {
        return health(classic).stream().filter(s -> s.state().equals("InService")).count();
    }

    /** True when instance {@code id} is shown as AWS shows a stopped instance: OutOfService, "in stopped state". */
    static boolean stopped(ElasticLoadBalancingClient classic, String id) {
        InstanceState state = stateOf(classic, id);
        return state.state().equals("OutOfService") && state.description().equals("Instance is in stopped state.")
                && state.reasonCode().equals("Instance");
    }
}
