package dev.ballast.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthReason;
import dev.ballast.core.health.TargetHealthState;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.proxy.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckSchedulerTest {
    private static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/1";
    private static final String LB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/lb/1";
    private static final HealthCheck CHECK = new HealthCheck(true, Protocol.HTTP, null, "/health", 5, 2, 2, 2, "200");

    private final TargetHealthTracker tracker = new TargetHealthTracker(Clock.systemUTC());
    private final HealthCheckScheduler scheduler =
            new HealthCheckScheduler(tracker, RandomGenerator.of("L64X128MixRandom"), 1);

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void probesRegisteredTargetsAndReportsTheirHealth() throws Exception {
        try (TestTarget ok = TestTarget.http(200); TestTarget failing = TestTarget.http(500)) {
            Target closed = new Target("127.0.0.1", HealthProberTest.closedPort());
            Target good = new Target("127.0.0.1", ok.port());
            Target bad = new Target("127.0.0.1", failing.port());
            scheduler.apply(snapshot(CHECK, List.of(good, bad, closed), true));
            assertThat(scheduler.probedTargets()).isEqualTo(3);

            await(() -> health(good).equals(TargetHealth.HEALTHY));
            await(() -> health(bad).state() == TargetHealthState.UNHEALTHY
                    && health(closed).state() == TargetHealthState.UNHEALTHY);
            assertThat(health(bad)).isEqualTo(TargetHealth.responseCodeMismatch(500));
            assertThat(health(bad).description()).isEqualTo("Health checks failed with these codes: [500]");
            assertThat(health(closed).reason()).isEqualTo(TargetHealthReason.FAILED_HEALTH_CHECKS);
            assertThat(ok.received()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/health"));
        }
    }

    @Test
    void followsSnapshots() throws Exception {
        try (TestTarget a = TestTarget.http(200); TestTarget b = TestTarget.http(200)) {
            Target ta = new Target("127.0.0.1", a.port());
            Target tb = new Target("127.0.0.1", b.port());
            scheduler.apply(snapshot(CHECK, List.of(ta, tb), true));
            await(() -> !a.received().isEmpty() && !b.received().isEmpty());

            // deregistering b stops its probes
            scheduler.apply(snapshot(CHECK, List.of(ta), true));
            assertThat(scheduler.probedTargets()).isEqualTo(1);
            int seenByB = b.received().size();

            // a new health check path restarts a's probes on the new path
            HealthCheck deeper = new HealthCheck(true, Protocol.HTTP, null, "/deep", 5, 2, 2, 2, "200");
            scheduler.apply(snapshot(deeper, List.of(ta), true));
            await(() -> a.received().stream().anyMatch(r -> r.path().equals("/deep")));

            // a group no listener uses is not probed
            scheduler.apply(snapshot(deeper, List.of(ta), false));
            assertThat(scheduler.probedTargets()).isZero();
            assertThat(health(ta).reason()).isEqualTo(TargetHealthReason.NOT_IN_USE);
            assertThat(b.received()).hasSize(seenByB);
        }
    }

    private TargetHealth health(Target t) {
        return tracker.view().health(GROUP, t);
    }

    private static ConfigSnapshot snapshot(HealthCheck check, List<Target> targets, boolean listener) {
        LoadBalancer lb = new LoadBalancer(LB, "lb", LoadBalancerType.APPLICATION, Scheme.INTERNAL, "lb.local",
                "127.0.0.1", null);
        TargetGroup group = new TargetGroup(GROUP, "web", Protocol.HTTP, 80, null, check, null, targets);
        List<Listener> listeners = listener
                ? List.of(new Listener(LB + "/l", LB, Protocol.HTTP, 80, Action.Forward.to(GROUP))) : List.of();
        return new ConfigSnapshot(1, List.of(lb), listeners, List.of(group));
    }

    /** Polls up to 15 s (three 5 s intervals). */
    static void await(BooleanSupplier condition) {
        Await.until("condition within 15 s", Duration.ofSeconds(15), condition);
    }
}
