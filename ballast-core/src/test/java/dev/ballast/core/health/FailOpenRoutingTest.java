package dev.ballast.core.health;

import static dev.ballast.core.health.HealthFixtures.target;
import static dev.ballast.core.health.TargetHealthState.HEALTHY;
import static dev.ballast.core.health.TargetHealthState.INITIAL;
import static dev.ballast.core.health.TargetHealthState.UNAVAILABLE;
import static dev.ballast.core.health.TargetHealthState.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.FailOpenRouting.Candidate;
import dev.ballast.core.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailOpenRoutingTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // states of targets 1..n, minimum healthy, ejected target numbers, expected routable target numbers
                Arguments.of(List.of(HEALTHY, UNHEALTHY, HEALTHY), 1, List.of(), List.of(1, 3)),
                Arguments.of(List.of(UNHEALTHY, UNHEALTHY, UNHEALTHY), 1, List.of(), List.of(1, 2, 3)),
                Arguments.of(List.of(INITIAL, INITIAL), 1, List.of(), List.of(1, 2)),
                Arguments.of(List.of(HEALTHY, INITIAL, INITIAL), 1, List.of(), List.of(1)),
                Arguments.of(List.of(HEALTHY, UNHEALTHY, INITIAL), 2, List.of(), List.of(1, 2)),
                Arguments.of(List.of(HEALTHY, HEALTHY, UNHEALTHY), 2, List.of(), List.of(1, 2)),
                Arguments.of(List.of(UNHEALTHY, INITIAL), 1, List.of(), List.of(1, 2)),
                Arguments.of(List.of(UNAVAILABLE, UNAVAILABLE), 1, List.of(), List.of(1, 2)),
                Arguments.of(List.of(HEALTHY, HEALTHY, HEALTHY), 1, List.of(2), List.of(1, 3)),
                Arguments.of(List.of(HEALTHY, UNHEALTHY), 1, List.of(1), List.of(1)),
                Arguments.of(List.of(), 1, List.of(), List.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void routesAsAws(List<TargetHealthState> states, int minimum, List<Integer> ejected, List<Integer> expected) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            candidates.add(new Candidate(target(i + 1), states.get(i)));
        }
        Set<String> ejectedKeys = Set.copyOf(ejected.stream().map(n -> target(n).key()).toList());
        List<Target> routable = FailOpenRouting.routable(candidates, minimum, ejectedKeys);
        assertThat(routable).containsExactlyElementsOf(expected.stream().map(HealthFixtures::target).toList());
    }
}
