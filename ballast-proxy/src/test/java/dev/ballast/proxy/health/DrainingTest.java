package dev.ballast.proxy.health;

import static dev.ballast.proxy.health.FailoverTest.awaitSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthReason;
import dev.ballast.core.health.TargetHealthState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Deregistration: the target gets no new requests, keeps its in-flight ones, is draining for
 * {@code deregistration_delay.timeout_seconds} and then unused; requests still open when the delay ends are cut.
 */
class DrainingTest {
    private static final Map<String, String> DELAY_3S = Map.of("deregistration_delay.timeout_seconds", "3");

    @Test
    void longRequestToADeregisteredTargetCompletesThenTheTargetIsUnused() throws Exception {
        try (HealthAwareProxy lb = new HealthAwareProxy()) {
            InFlight inFlight = longRequestThenDeregister(lb, 2500);
            KillableTarget busy = inFlight.busy();
            KillableTarget other = inFlight.other();
            CompletableFuture<KeepAliveClient.Response> longRequest = inFlight.response();
            long deregisteredAt = System.nanoTime();
            assertThat(lb.health(busy)).isEqualTo(new TargetHealth(TargetHealthState.DRAINING,
                    TargetHealthReason.DEREGISTRATION_IN_PROGRESS, "Target deregistration is in progress"));
            assertThat(RoutingByHealthTest.answers(lb, 20)).containsOnlyKeys(other.name());

            assertThat(longRequest.get()).isEqualTo(new KeepAliveClient.Response(200, busy.name()));
            awaitSeconds(6, () -> lb.health(busy).equals(TargetHealth.NOT_REGISTERED));
            double drained = (System.nanoTime() - deregisteredAt) / 1e9;
            System.out.printf("DRAINING delay=3s draining_observed=%.2fs%n", drained);
            assertThat(drained).isBetween(2.9, 4.5);
            assertThat(lb.health(busy).description()).isEqualTo("Target is not registered to the target group");
        }
    }

    @Test
    void requestStillOpenWhenTheDelayEndsIsCutAndReplayedOnAnotherTarget() throws Exception {
        try (HealthAwareProxy lb = new HealthAwareProxy()) {
            InFlight inFlight = longRequestThenDeregister(lb, 20_000);
            long deregisteredAt = System.nanoTime();
            inFlight.other().capDelays(50); // the replay is answered at once

            KeepAliveClient.Response cut = inFlight.response().get();
            double after = (System.nanoTime() - deregisteredAt) / 1e9;
            System.out.printf("DRAINING cut_after=%.2fs status=%d%n", after, cut.status());
            // Cut before any byte of the response: a GET is safe to replay, so the other target answers it (a
            // request that cannot be replayed gets ALB's 502, see ProxyRetryTest).
            assertThat(cut).isEqualTo(new KeepAliveClient.Response(200, inFlight.other().name()));
            assertThat(after).isBetween(2.9, 5.0);
            assertThat(lb.proxy.counters().get("backend.cut_after_draining")).isEqualTo(1);
            assertThat(lb.proxy.counters().get("backend.request_retried")).isEqualTo(1);
        }
    }

    /** A long request in flight on {@code busy}, which was then deregistered, leaving {@code other}. */
    private record InFlight(KillableTarget busy, KillableTarget other,
                            CompletableFuture<KeepAliveClient.Response> response) {}

    /** Two healthy targets; a request of {@code millis} starts, and the target serving it is deregistered. */
    private static InFlight longRequestThenDeregister(HealthAwareProxy lb, int millis) throws InterruptedException {
        KillableTarget a = lb.newTarget("a");
        KillableTarget b = lb.newTarget("b");
        lb.register(List.of(a, b), DELAY_3S);
        awaitSeconds(10, () -> lb.health(a).equals(TargetHealth.HEALTHY) && lb.health(b).equals(TargetHealth.HEALTHY));
        CompletableFuture<KeepAliveClient.Response> response = longRequest(lb, millis);
        awaitSeconds(5, () -> a.inFlight() + b.inFlight() == 1);
        KillableTarget busy = a.inFlight() == 1 ? a : b;
        KillableTarget other = busy == a ? b : a;
        lb.register(List.of(other), DELAY_3S);
        return new InFlight(busy, other, response);
    }

    private static CompletableFuture<KeepAliveClient.Response> longRequest(HealthAwareProxy lb, int millis) {
        return CompletableFuture.supplyAsync(() -> {
            try (KeepAliveClient client = new KeepAliveClient(lb.address())) {
                return client.get("/slow?ms=" + millis);
            }
        });
    }
}
