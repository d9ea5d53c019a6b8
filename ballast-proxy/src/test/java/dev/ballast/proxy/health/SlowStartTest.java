package dev.ballast.proxy.health;

import static dev.ballast.proxy.health.FailoverTest.awaitSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.TargetHealth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code slow_start.duration_seconds}: a target that turns healthy beside a healthy one ramps its share up linearly. */
class SlowStartTest {
    @Test
    void newlyHealthyTargetRampsUnderRoundRobin() throws Exception {
        Map<String, String> slowStart = Map.of("slow_start.duration_seconds", "30");
        try (HealthAwareProxy lb = new HealthAwareProxy()) {
            KillableTarget a = lb.newTarget("a");
            KillableTarget b = lb.newTarget("b");
            lb.register(List.of(a), slowStart);
            awaitSeconds(10, () -> lb.health(a).equals(TargetHealth.HEALTHY));

            try (ClientLoad load = new ClientLoad(lb.address(), 2000)) {
                lb.register(List.of(a, b), slowStart);
                awaitSeconds(10, () -> lb.health(b).equals(TargetHealth.HEALTHY));
                long healthyAt = System.nanoTime();
                awaitSeconds(20, () -> System.nanoTime() - healthyAt > 17_000_000_000L);
                double early = share(load, healthyAt, 0, 5);
                double later = share(load, healthyAt, 12, 17);
                System.out.printf("SLOW_START duration=30s share_of_new_target 0-5s=%.3f 12-17s=%.3f "
                        + "(round robin over 2 targets: weight/2 = 0.04 and 0.24 expected)%n", early, later);
                assertThat(early).isLessThan(0.10);
                assertThat(later).isBetween(0.14, 0.36);
            }
        }
    }

    /** The share of requests answered by target b between {@code from} and {@code to} seconds after {@code t0}. */
    private static double share(ClientLoad load, long t0, int from, int to) {
        List<ClientLoad.Outcome> window = load.outcomes().stream()
                .filter(o -> o.atNanos() >= t0 + from * 1_000_000_000L && o.atNanos() < t0 + to * 1_000_000_000L)
                .toList();
        assertThat(window).hasSizeGreaterThan(200);
        return window.stream().filter(o -> o.body().equals("b")).count() / (double) window.size();
    }
}
