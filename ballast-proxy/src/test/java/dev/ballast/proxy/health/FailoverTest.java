package dev.ballast.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthReason;
import dev.ballast.core.health.TargetHealthState;
import dev.ballast.proxy.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A target killed under continuous load, then restarted: no client request fails, the target turns unhealthy after
 * about unhealthy-threshold × interval and healthy again after the healthy threshold, and gets traffic again.
 * Prints the measured figures.
 */
class FailoverTest {
    @Test
    void killedTargetCostsNoFailedRequestAndComesBackAfterTheHealthyThreshold() throws Exception {
        try (HealthAwareProxy lb = new HealthAwareProxy()) {
            KillableTarget b = lb.healthyTargets(Map.of(), "a", "b", "c").get(1);

            long killedAt;
            long unhealthyAt;
            long restartedAt;
            long healthyAt;
            int servedByBAfterKill;
            ClientLoad load = new ClientLoad(lb.address(), 2000);
            try {
                awaitSeconds(10, () -> load.outcomes().size() >= 500);
                b.kill();
                killedAt = System.nanoTime();
                servedByBAfterKill = b.served();
                awaitSeconds(20, () -> lb.health(b).state() == TargetHealthState.UNHEALTHY);
                unhealthyAt = System.nanoTime();
                assertThat(lb.health(b).reason()).isEqualTo(TargetHealthReason.FAILED_HEALTH_CHECKS);
                assertThat(b.served()).isEqualTo(servedByBAfterKill);

                b.start();
                restartedAt = System.nanoTime();
                awaitSeconds(20, () -> lb.health(b).equals(TargetHealth.HEALTHY));
                healthyAt = System.nanoTime();
                awaitSeconds(10, () -> b.served() >= servedByBAfterKill + 50);
            } finally {
                load.close();
            }

            List<ClientLoad.Outcome> outcomes = load.outcomes();
            double toUnhealthy = (unhealthyAt - killedAt) / 1e9;
            double toHealthy = (healthyAt - restartedAt) / 1e9;
            long retried = lb.proxy.counters().get("backend.connect_retried");
            System.out.printf("FAILOVER requests=%d failed=%d connect_retries=%d time_to_unhealthy=%.2fs "
                            + "time_to_healthy=%.2fs answers=%s%n", outcomes.size(), load.failures().size(), retried,
                    toUnhealthy, toHealthy, ClientLoad.byTarget(outcomes));
            assertThat(outcomes.size()).isGreaterThanOrEqualTo(2000);
            assertThat(load.failures()).isEmpty();
            // unhealthy-threshold (2) consecutive failed checks, 5 s apart: the first failed check comes 0-5 s after
            // the kill, so 5-10 s (plus jitter and scheduling).
            assertThat(toUnhealthy).isBetween(4.0, 12.5);
            // healthy-threshold (2) consecutive passing checks: 5-10 s after the restart.
            assertThat(toHealthy).isBetween(4.0, 12.5);
        }
    }

    static void awaitSeconds(int seconds, BooleanSupplier condition) {
        Await.until("condition within " + seconds + " s", Duration.ofSeconds(seconds), condition);
    }
}
