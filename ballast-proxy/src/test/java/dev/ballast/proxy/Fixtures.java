package dev.ballast.proxy;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerAttributes;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds configuration snapshots for data-plane tests: one ALB on 127.0.0.1 with one HTTP listener. */
final class Fixtures {
    static final String LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/test-lb/50dc6c495c0c9188";
    static final String LISTENER_ARN = LB_ARN.replace(":loadbalancer/", ":listener/") + "/f2f7dc8efc522ab2";

    private Fixtures() {
    }

    static LoadBalancer loadBalancer(Map<String, String> attributes) {
        return new LoadBalancer(LB_ARN, "test-lb", LoadBalancerType.APPLICATION, Scheme.INTERNET_FACING,
                "test-lb-1.us-east-1.elb.example", "127.0.0.1",
                LoadBalancerAttributes.defaults(LoadBalancerType.APPLICATION)
                        .with(LoadBalancerType.APPLICATION, attributes));
    }

    static String groupArn(String name) {
        return "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/" + name + "/73e2d6bc24d8a067";
    }

    static TargetGroup group(String name, Target... targets) {
        return new TargetGroup(groupArn(name), name, Protocol.HTTP, 80, TargetType.IP,
                HealthCheck.defaultsFor(Protocol.HTTP, LoadBalancerType.APPLICATION), null, Arrays.asList(targets));
    }

    static Target target(int port) {
        return new Target("127.0.0.1", port);
    }

    static Listener listener(int port, Action defaultAction) {
        return new Listener(LISTENER_ARN, LB_ARN, Protocol.HTTP, port, defaultAction);
    }

    static ConfigSnapshot snapshot(long revision, Map<String, String> lbAttributes, Listener listener,
                                   TargetGroup... groups) {
        return new ConfigSnapshot(revision, List.of(loadBalancer(lbAttributes)), List.of(listener), List.of(groups));
    }

    /** A snapshot forwarding everything on {@code port} to one group. */
    static ConfigSnapshot forwardAll(int port, TargetGroup group) {
        return snapshot(1, Map.of(), listener(port, Action.Forward.to(group.arn())), group);
    }

    /** A port that was free a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
