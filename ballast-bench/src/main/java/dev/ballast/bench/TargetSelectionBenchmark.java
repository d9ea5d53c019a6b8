package dev.ballast.bench;

import dev.ballast.core.balancing.PerThreadRandom;
import dev.ballast.core.balancing.RoutableTargets;
import dev.ballast.core.balancing.Selection;
import dev.ballast.core.balancing.StickyCookies;
import dev.ballast.core.balancing.TargetSelector;
import dev.ballast.core.balancing.TargetWeights;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.core.model.TargetType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Choosing a target among 1000 registered targets for each algorithm, with and without {@code lb_cookie}
 * stickiness (with it, the request carries a valid {@code AWSALB} cookie for one of the targets, which is
 * verified, and a renewed cookie is issued). {@link #selectAndCount} adds the outstanding-request bookkeeping
 * the proxy does around each request.
 *
 * <p>Thread-safe as JMH uses it: one thread per benchmark state; the selector itself is thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TargetSelectionBenchmark {
    static final int TARGETS = 1000;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** The target group's {@code load_balancing.algorithm.type}. */
    @Param({"round_robin", "least_outstanding_requests", "weighted_random"})
    public String algorithm;

    /** Whether the group has {@code lb_cookie} stickiness and the request a valid cookie. */
    @Param({"false", "true"})
    public boolean sticky;

    private TargetSelector selector;
    private ConfigSnapshot snapshot;
    private Action.Forward forward;
    private String targetCookie;
    private String groupArn;

    /** Builds the group, and for sticky runs, a cookie naming a target in the middle of the list. */
    @Setup
    public void setUp() {
        List<Target> targets = new ArrayList<>(TARGETS);
        for (int i = 0; i < TARGETS; i++) {
            targets.add(new Target("10.0." + (i / 250) + "." + (i % 250 + 1), 8080));
        }
        Map<String, String> attributes = new HashMap<>();
        attributes.put("load_balancing.algorithm.type", algorithm);
        if (sticky) {
            attributes.put("stickiness.enabled", "true");
            attributes.put("stickiness.type", "lb_cookie");
        }
        groupArn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/bench/0123456789abcdef";
        TargetGroup group = new TargetGroup(groupArn, "bench", Protocol.HTTP, 8080, TargetType.IP,
                HealthCheck.defaultsFor(Protocol.HTTP, LoadBalancerType.APPLICATION),
                TargetGroupAttributes.defaults().with(attributes), targets);
        snapshot = new ConfigSnapshot(1, List.of(), List.of(), List.of(group));
        forward = Action.Forward.to(groupArn);
        StickyCookies cookies = StickyCookies.withRandomKey();
        selector = new TargetSelector(PerThreadRandom.INSTANCE, RoutableTargets.ALL_REGISTERED,
                TargetWeights.UNIFORM, cookies);
        if (sticky) {
            Selection first = null;
            for (int i = 0; i <= TARGETS / 2; i++) {
                first = selector.select(forward, snapshot, null, null, NOW);
            }
            String setCookie = first.setCookies().get(0);
            targetCookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
            Selection again = selector.select(forward, snapshot, null, targetCookie, NOW);
            if (!again.target().equals(first.target())) {
                throw new IllegalStateException("the stickiness cookie does not stick");
            }
        }
    }

    /** The choice for one request. */
    @Benchmark
    public Selection select() {
        return selector.select(forward, snapshot, null, targetCookie, NOW);
    }

    /** The choice plus the request started/finished counting of the proxy. */
    @Benchmark
    public Target selectAndCount() {
        Target target = selector.select(forward, snapshot, null, targetCookie, NOW).target();
        selector.requestStarted(groupArn, target);
        selector.requestFinished(groupArn, target);
        return target;
    }
}
