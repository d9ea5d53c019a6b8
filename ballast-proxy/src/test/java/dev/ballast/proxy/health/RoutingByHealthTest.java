package dev.ballast.proxy.health;

import static dev.ballast.proxy.health.FailoverTest.awaitSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthDescription;
import dev.ballast.core.health.TargetHealthState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traffic through the proxy follows target health: unhealthy targets are skipped, and all unhealthy fails open. */
class RoutingByHealthTest {
    @Test
    void healthPathAnswering500IsAResponseCodeMismatchAndAllFailingFailsOpen() throws Exception {
        try (HealthAwareProxy lb = new HealthAwareProxy()) {
            KillableTarget a = lb.newTarget("a");
            KillableTarget b = lb.newTarget("b");
            KillableTarget c = lb.newTarget("c");
            b.healthStatus(500);
            lb.register(List.of(a, b, c), Map.of());
            awaitSeconds(15, () -> lb.health(b).state() == TargetHealthState.UNHEALTHY
                    && lb.health(a).equals(TargetHealth.HEALTHY) && lb.health(c).equals(TargetHealth.HEALTHY));

            TargetHealthDescription row = lb.tracker.view().describe(HealthAwareProxy.GROUP).get(1);
            assertThat(row.target()).isEqualTo(HealthAwareProxy.target(b));
            assertThat(row.health().reason().wire()).isEqualTo("Target.ResponseCodeMismatch");
            assertThat(row.health().description()).isEqualTo("Health checks failed with these codes: [500]");
            assertThat(answers(lb, 90)).containsOnlyKeys("a", "c");

            a.healthStatus(500);
            c.healthStatus(503);
            awaitSeconds(15, () -> List.of(a, b, c).stream()
                    .allMatch(t -> lb.health(t).state() == TargetHealthState.UNHEALTHY));
            assertThat(lb.health(c)).isEqualTo(TargetHealth.responseCodeMismatch(503));
            // No healthy target: the load balancer fails open to every registered target.
            assertThat(answers(lb, 90)).containsOnlyKeys("a", "b", "c");
        }
    }

    /** Sends {@code n} requests and counts answers per target; every request must succeed. */
    static Map<String, Integer> answers(HealthAwareProxy lb, int n) {
        Map<String, Integer> counts = new HashMap<>();
        List<Integer> failures = new ArrayList<>();
        try (KeepAliveClient client = new KeepAliveClient(lb.address())) {
            for (int i = 0; i < n; i++) {
                KeepAliveClient.Response r = client.get("/work");
                if (r.status() == 200) {
                    counts.merge(r.body(), 1, Integer::sum);
                } else {
                    failures.add(r.status());
                }
            }
        }
        assertThat(failures).isEmpty();
        return counts;
    }
}
