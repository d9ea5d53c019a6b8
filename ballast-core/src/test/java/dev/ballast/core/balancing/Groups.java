package dev.ballast.core.balancing;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Builds target groups and snapshots for balancing tests. Thread-safe (stateless). */
final class Groups {
    private Groups() {}

    static String arn(String name) {
        return "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/" + name + "/0123456789abcdef";
    }

    /** Targets 127.0.0.1:8001 ... 127.0.0.1:800n. */
    static List<Target> targets(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new Target("127.0.0.1", 8000 + i)).toList();
    }

    static TargetGroup group(String name, List<Target> targets, Map<String, String> attributes) {
        return new TargetGroup(arn(name), name, Protocol.HTTP, 80, null,
                HealthCheck.defaultsFor(Protocol.HTTP, LoadBalancerType.APPLICATION),
                TargetGroupAttributes.defaults().with(attributes), targets);
    }

    static ConfigSnapshot snapshot(TargetGroup... groups) {
        return new ConfigSnapshot(1, List.of(), List.of(), List.of(groups));
    }
}
