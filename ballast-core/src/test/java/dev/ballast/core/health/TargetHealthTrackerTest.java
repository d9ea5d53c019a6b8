package dev.ballast.core.health;

import static dev.ballast.core.health.HealthFixtures.CHECK;
import static dev.ballast.core.health.HealthFixtures.GROUP;
import static dev.ballast.core.health.HealthFixtures.group;
import static dev.ballast.core.health.HealthFixtures.target;
import static dev.ballast.core.health.HealthFixtures.targets;
import static dev.ballast.core.health.HealthFixtures.used;
import static dev.ballast.core.health.TargetHealthState.DRAINING;
import static dev.ballast.core.health.TargetHealthState.HEALTHY;
import static dev.ballast.core.health.TargetHealthState.INITIAL;
import static dev.ballast.core.health.TargetHealthState.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetAddresses;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TargetHealthTrackerTest {
    private final MutableClock clock = new MutableClock();
    private final TargetHealthTracker tracker = new TargetHealthTracker(clock);
    private final List<String> events = new CopyOnWriteArrayList<>();

    TargetHealthTrackerTest() {
        tracker.addListener(new TargetLifecycleListener() {
            @Override
            public void drainingStarted(String arn, Target target) {
                events.add("started " + target.key());
            }

            @Override
            public void drainingEnded(String arn, Target target) {
                events.add("ended " + target.key());
            }

            @Override
            public void becameUnhealthy(String arn, Target target, boolean stillRoutable) {
                events.add("unhealthy " + target.key() + (stillRoutable ? " routable" : ""));
            }
        });
    }

    @Test
    void registeredTargetsStartInitialAndAllTakeTrafficUntilOneIsHealthy() {
        tracker.apply(used(group(CHECK, Map.of(), targets(1, 2, 3))));
        assertThat(tracker.view().describe(GROUP)).extracting(d -> d.health().reason())
                .containsOnly(TargetHealthReason.REGISTRATION_IN_PROGRESS);
        assertThat(tracker.view().describe(GROUP)).extracting(TargetHealthDescription::healthCheckPort)
                .containsOnly("8080");
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2, 3));

        tracker.record(GROUP, target(2), ProbeResult.pass());
        assertThat(health(2)).isEqualTo(TargetHealth.HEALTHY);
        assertThat(routable()).containsExactly(target(2));
    }

    @Test
    void anInstanceTargetWhoseInstanceLeftIsStoppedAndNeverRoutedEvenFailingOpen() {
        Target live = new Target("i-0ba11a57000000001", 8080);
        Target gone = new Target("i-0ba11a57000000002", 8080);
        ConfigSnapshot plain = used(group(CHECK, Map.of(), List.of(live, gone)));
        ConfigSnapshot bothRunning = new ConfigSnapshot(1, plain.loadBalancers().values(), plain.listeners().values(),
                plain.targetGroups().values(), TargetAddresses.of(Map.of(live.id(), "127.0.1.1",
                gone.id(), "127.0.1.2")));
        tracker.apply(bothRunning);
        assertThat(routable()).containsExactly(live, gone);

        ConfigSnapshot oneLeft = new ConfigSnapshot(2, plain.loadBalancers().values(), plain.listeners().values(),
                plain.targetGroups().values(), TargetAddresses.of(Map.of(live.id(), "127.0.1.1")));
        tracker.apply(oneLeft);

        assertThat(tracker.view().health(GROUP, gone)).isEqualTo(new TargetHealth(TargetHealthState.UNUSED,
                TargetHealthReason.INVALID_STATE, "Target is in the stopped state"));
        assertThat(routable()).as("fails open among running instances only").containsExactly(live);
        tracker.record(GROUP, live, ProbeResult.failed());
        tracker.record(GROUP, live, ProbeResult.failed());
        assertThat(routable()).containsExactly(live);

        tracker.apply(bothRunning);
        assertThat(tracker.view().health(GROUP, gone).state()).as("back: checked again").isEqualTo(INITIAL);
    }

    @Test
    void groupWithoutListenerIsNotInUse() {
        tracker.apply(HealthFixtures.snapshot(group(CHECK, Map.of(), targets(1)), LoadBalancerType.APPLICATION, false));
        assertThat(health(1)).isEqualTo(new TargetHealth(TargetHealthState.UNUSED, TargetHealthReason.NOT_IN_USE,
                "Given target group is not configured to receive traffic from ELB"));
        tracker.record(GROUP, target(1), ProbeResult.pass());
        assertThat(health(1).state()).isEqualTo(TargetHealthState.UNUSED);

        tracker.apply(used(group(CHECK, Map.of(), targets(1))));
        assertThat(health(1).reason()).isEqualTo(TargetHealthReason.REGISTRATION_IN_PROGRESS);
    }

    @Test
    void unknownTargetIsNotRegistered() {
        tracker.apply(used(group(CHECK, Map.of(), targets(1))));
        assertThat(tracker.view().health(GROUP, target(9))).isEqualTo(TargetHealth.NOT_REGISTERED);
        assertThat(tracker.view().health("arn:other", target(1))).isEqualTo(TargetHealth.NOT_REGISTERED);
        tracker.record(GROUP, target(9), ProbeResult.pass()); // ignored
        assertThat(tracker.view().describe(GROUP)).hasSize(1);
    }

    @Test
    void allUnhealthyFailsOpen() {
        healthyGroup(Map.of(), 1, 2);
        for (int n : new int[] {1, 2}) {
            tracker.record(GROUP, target(n), ProbeResult.responseCodeMismatch(500));
            tracker.record(GROUP, target(n), ProbeResult.responseCodeMismatch(500));
        }
        assertThat(health(1)).isEqualTo(TargetHealth.responseCodeMismatch(500));
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2));
    }

    @Test
    void minimumHealthyCountFailsOpenBelowIt() {
        healthyGroup(Map.of("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "2"), 1, 2);
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2));
        tracker.record(GROUP, target(2), ProbeResult.timeout());
        tracker.record(GROUP, target(2), ProbeResult.timeout());
        assertThat(health(2).state()).isEqualTo(UNHEALTHY);
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2));
    }

    @Test
    void minimumHealthyPercentageCounts() {
        healthyGroup(Map.of("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "60"),
                1, 2, 3);
        failTwice(3);
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2)); // 2 of 3 = 67% >= 60%
        failTwice(2);
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2, 3)); // 1 of 3 < 60%: fail open
    }

    @Test
    void deregisteredTargetDrainsForTheDelayThenIsNotRegistered() {
        healthyGroup(Map.of("deregistration_delay.timeout_seconds", "30"), 1, 2);
        tracker.apply(used(group(CHECK, Map.of("deregistration_delay.timeout_seconds", "30"), targets(1))));
        assertThat(health(2)).isEqualTo(new TargetHealth(DRAINING, TargetHealthReason.DEREGISTRATION_IN_PROGRESS,
                "Target deregistration is in progress"));
        assertThat(tracker.view().isDraining(GROUP, target(2))).isTrue();
        assertThat(routable()).containsExactly(target(1));
        assertThat(tracker.view().describe(GROUP)).extracting(TargetHealthDescription::target)
                .containsExactlyElementsOf(targets(1, 2));
        assertThat(events).containsExactly("started 10.0.0.2:8080");

        clock.advanceSeconds(29);
        tracker.tick();
        assertThat(health(2).state()).isEqualTo(DRAINING);
        clock.advanceSeconds(1);
        tracker.tick();
        assertThat(health(2)).isEqualTo(TargetHealth.NOT_REGISTERED);
        assertThat(tracker.view().describe(GROUP)).hasSize(1);
        assertThat(events).containsExactly("started 10.0.0.2:8080", "ended 10.0.0.2:8080");
    }

    @Test
    void zeroDelayEndsDrainingAtOnce() {
        healthyGroup(Map.of("deregistration_delay.timeout_seconds", "0"), 1, 2);
        tracker.apply(used(group(CHECK, Map.of("deregistration_delay.timeout_seconds", "0"), targets(1))));
        assertThat(health(2)).isEqualTo(TargetHealth.NOT_REGISTERED);
        assertThat(events).containsExactly("started 10.0.0.2:8080", "ended 10.0.0.2:8080");
    }

    @Test
    void reRegisteringADrainingTargetStartsOver() {
        healthyGroup(Map.of(), 1, 2);
        tracker.apply(used(group(CHECK, Map.of(), targets(1))));
        tracker.apply(used(group(CHECK, Map.of(), targets(1, 2))));
        assertThat(health(2).reason()).isEqualTo(TargetHealthReason.REGISTRATION_IN_PROGRESS);
        assertThat(tracker.view().describe(GROUP)).hasSize(2);
        clock.advanceSeconds(301);
        tracker.tick();
        assertThat(health(2).state()).isEqualTo(INITIAL);
    }

    @Test
    void deletedGroupEndsItsTargets() {
        healthyGroup(Map.of(), 1);
        tracker.apply(dev.ballast.core.model.ConfigSnapshot.empty());
        assertThat(tracker.view().group(GROUP)).isNull();
        assertThat(events).containsExactly("ended 10.0.0.1:8080");
    }

    @Test
    void slowStartRampsASecondHealthyTargetButNotTheFirst() {
        Map<String, String> attrs = Map.of("slow_start.duration_seconds", "100");
        tracker.apply(used(group(CHECK, attrs, targets(1, 2))));
        tracker.record(GROUP, target(1), ProbeResult.pass());
        assertThat(tracker.view().weight(GROUP, target(1), clock.instant())).isEqualTo(1.0);

        clock.advanceSeconds(5);
        tracker.record(GROUP, target(2), ProbeResult.pass());
        var start = clock.instant();
        assertThat(tracker.view().weight(GROUP, target(2), start)).isZero();
        assertThat(tracker.view().weight(GROUP, target(2), start.plusSeconds(25))).isCloseTo(0.25, within(1e-9));
        assertThat(tracker.view().weight(GROUP, target(2), start.plusSeconds(100))).isEqualTo(1.0);
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2));

        failTwice(2); // turning unhealthy ends slow start ...
        assertThat(tracker.view().weight(GROUP, target(2), start.plusSeconds(25))).isEqualTo(1.0);
        for (int i = 0; i < 3; i++) {
            tracker.record(GROUP, target(2), ProbeResult.pass());
        }
        // ... and turning healthy again starts a new ramp
        assertThat(tracker.view().weight(GROUP, target(2), clock.instant().plusSeconds(50)))
                .isCloseTo(0.5, within(1e-9));
        clock.advanceSeconds(100);
        tracker.tick();
        assertThat(tracker.view().group(GROUP).weight(target(2), clock.instant())).isEqualTo(1.0);
    }

    @Test
    void connectFailureTakesATargetOutOfRoutingWithoutChangingItsHealth() {
        healthyGroup(Map.of(), 1, 2, 3);
        tracker.reportConnectFailure(GROUP, target(2));
        assertThat(health(2)).isEqualTo(TargetHealth.HEALTHY);
        assertThat(tracker.view().group(GROUP).isEjected(target(2))).isTrue();
        assertThat(routable()).containsExactlyElementsOf(targets(1, 3));

        tracker.record(GROUP, target(2), ProbeResult.pass());
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2, 3));

        tracker.reportConnectFailure(GROUP, target(3));
        clock.advanceSeconds(CHECK.intervalSeconds() - 1);
        tracker.tick();
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2));
        clock.advanceSeconds(1);
        tracker.tick();
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2, 3));
    }

    @Test
    void failingChecksOfAnEjectedTargetStillCount() {
        healthyGroup(Map.of(), 1, 2);
        tracker.reportConnectFailure(GROUP, target(2));
        failTwice(2);
        assertThat(health(2).state()).isEqualTo(UNHEALTHY);
        assertThat(routable()).containsExactly(target(1));
    }

    @Test
    void disabledChecksMakeTargetsUnavailableAndRoutable() {
        HealthCheck off = new HealthCheck(false, Protocol.HTTP, null, "/", 30, 5, 5, 2, "200");
        tracker.apply(used(group(off, Map.of(), targets(1, 2))));
        assertThat(health(1)).isEqualTo(TargetHealth.of(TargetHealthState.UNAVAILABLE,
                TargetHealthReason.HEALTH_CHECK_DISABLED));
        assertThat(routable()).containsExactlyElementsOf(targets(1, 2));
    }

    @Test
    void networkGroupNeedsTheHealthyThreshold() {
        HealthCheck tcp = new HealthCheck(true, Protocol.TCP, "9000", null, 10, 5, 3, 3, null);
        var group = new dev.ballast.core.model.TargetGroup(GROUP, "tcp", Protocol.TCP, 8080, null, tcp, null,
                targets(1));
        tracker.apply(HealthFixtures.snapshot(group, LoadBalancerType.NETWORK, true));
        assertThat(tracker.view().describe(GROUP).get(0).healthCheckPort()).isEqualTo("9000");
        tracker.record(GROUP, target(1), ProbeResult.pass());
        tracker.record(GROUP, target(1), ProbeResult.pass());
        assertThat(health(1).state()).isEqualTo(INITIAL);
        tracker.record(GROUP, target(1), ProbeResult.pass());
        assertThat(health(1).state()).isEqualTo(HEALTHY);
    }

    @Test
    void turningUnhealthyIsToldOnceAndSaysWhetherTheGroupFailsOpen() {
        healthyGroup(Map.of(), 1, 2);
        failTwice(1);
        tracker.record(GROUP, target(1), ProbeResult.failed()); // still unhealthy: no second event
        assertThat(events).containsExactly("unhealthy 10.0.0.1:8080");
        failTwice(2); // the last healthy one: the group fails open, both stay routable
        assertThat(events).containsExactly("unhealthy 10.0.0.1:8080", "unhealthy 10.0.0.2:8080 routable");
    }

    @Test
    void viewIsReplacedNotMutated() {
        tracker.apply(used(group(CHECK, Map.of(), targets(1))));
        TargetHealthView before = tracker.view();
        tracker.record(GROUP, target(1), ProbeResult.pass());
        assertThat(before.health(GROUP, target(1)).state()).isEqualTo(INITIAL);
        assertThat(tracker.view().health(GROUP, target(1)).state()).isEqualTo(HEALTHY);
    }

    private void healthyGroup(Map<String, String> attributes, int... ns) {
        tracker.apply(used(group(CHECK, attributes, targets(ns))));
        for (int n : ns) {
            tracker.record(GROUP, target(n), ProbeResult.pass());
        }
    }

    private void failTwice(int n) {
        tracker.record(GROUP, target(n), ProbeResult.failed());
        tracker.record(GROUP, target(n), ProbeResult.failed());
    }

    private TargetHealth health(int n) {
        return tracker.view().health(GROUP, target(n));
    }

    private List<Target> routable() {
        return tracker.view().group(GROUP).routable();
    }
}
