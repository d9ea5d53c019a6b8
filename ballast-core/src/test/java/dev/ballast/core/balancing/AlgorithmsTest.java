package dev.ballast.core.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Target> targets = Groups.targets(3);
    private final TargetGroup group = Groups.group("tg", targets, Map.of());
    private final GroupState state = new GroupState();

    @Test
    void roundRobinVisitsTargetsInTurn() {
        RoundRobin rr = new RoundRobin(TargetWeights.UNIFORM, new SplittableRandom(42));
        for (int i = 0; i < 9; i++) {
            assertThat(rr.choose(group, targets, state, NOW)).isEqualTo(targets.get(i % 3));
        }
    }

    @Test
    void roundRobinPassesOverRampingTargetsInProportionToTheirWeight() {
        Target ramping = targets.get(0);
        TargetWeights weights = (g, t, now) -> t.equals(ramping) ? 0.5 : 1.0;
        RoundRobin rr = new RoundRobin(weights, new SplittableRandom(42));
        Map<Target, Integer> counts = count(() -> rr.choose(group, targets, state, NOW), 30_000);
        // ramping gets half of its turns (5000); the passed-over halves go to the next target
        assertThat(counts.get(ramping)).isBetween(4_600, 5_400);
        assertThat(counts.get(targets.get(1))).isBetween(14_600, 15_400);
        assertThat(counts.get(targets.get(2))).isBetween(9_600, 10_400);
    }

    @Test
    void roundRobinNeverChoosesATargetOfWeightZeroWhileAnotherIsLeft() {
        TargetWeights weights = (g, t, now) -> t.equals(targets.get(1)) ? 0.0 : 1.0;
        RoundRobin rr = new RoundRobin(weights, new SplittableRandom(42));
        assertThat(count(() -> rr.choose(group, targets, state, NOW), 1_000)).doesNotContainKey(targets.get(1));
    }

    @Test
    void leastOutstandingRequestsPrefersTheLeastLoaded() {
        LeastOutstandingRequests lor = new LeastOutstandingRequests();
        state.started(targets.get(0));
        state.started(targets.get(0));
        state.started(targets.get(1));
        for (int i = 0; i < 5; i++) {
            assertThat(lor.choose(group, targets, state, NOW)).isEqualTo(targets.get(2));
        }
        state.started(targets.get(2));
        state.started(targets.get(2));
        assertThat(lor.choose(group, targets, state, NOW)).isEqualTo(targets.get(1));
        state.finished(targets.get(0));
        state.finished(targets.get(0));
        assertThat(lor.choose(group, targets, state, NOW)).isEqualTo(targets.get(0));
    }

    @Test
    void leastOutstandingRequestsBreaksTiesRoundRobin() {
        LeastOutstandingRequests lor = new LeastOutstandingRequests();
        Map<Target, Integer> counts = count(() -> lor.choose(group, targets, state, NOW), 300);
        assertThat(counts).containsOnly(Map.entry(targets.get(0), 100), Map.entry(targets.get(1), 100),
                Map.entry(targets.get(2), 100));
    }

    @Test
    void finishedNeverCountsBelowZero() {
        state.finished(targets.get(0));
        state.started(targets.get(0));
        state.finished(targets.get(0));
        state.finished(targets.get(0));
        assertThat(state.outstanding(targets.get(0))).isZero();
    }

    @Test
    void weightedRandomIsUniformByDefault() {
        WeightedRandom wr = new WeightedRandom(new SplittableRandom(42), TargetWeights.UNIFORM);
        Map<Target, Integer> counts = count(() -> wr.choose(group, targets, state, NOW), 30_000);
        targets.forEach(t -> assertThat(counts.get(t) / 30_000.0).isCloseTo(1 / 3.0, within(0.02)));
    }

    @Test
    void weightedRandomFollowsTheWeightHook() {
        TargetWeights weights = (g, t, now) -> t.equals(targets.get(0)) ? 0.25 : 1.0;
        WeightedRandom wr = new WeightedRandom(new SplittableRandom(7), weights);
        Map<Target, Integer> counts = count(() -> wr.choose(group, targets, state, NOW), 45_000);
        assertThat(counts.get(targets.get(0)) / 45_000.0).isCloseTo(0.25 / 2.25, within(0.01));
        assertThat(counts.get(targets.get(1)) / 45_000.0).isCloseTo(1 / 2.25, within(0.02));
    }

    private static Map<Target, Integer> count(java.util.function.Supplier<Target> pick, int times) {
        Map<Target, Integer> counts = new HashMap<>();
        for (int i = 0; i < times; i++) {
            counts.merge(pick.get(), 1, Integer::sum);
        }
        return counts;
    }
}
