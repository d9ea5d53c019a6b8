package dev.ballast.proxy.health;

import static dev.ballast.proxy.health.FailoverTest.awaitSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Targets that die or leave under keep-alive load from several clients cost no failed request: requests caught on
 * a dead target's connections are replayed on another target, and a request sent after a deregistration returned
 * never reaches the deregistered target. Prints the measured figures.
 */
class TargetLossUnderLoadTest {
    private static final int CLIENTS = 4;
    private static final Map<String, String> NO_DELAY = Map.of("deregistration_delay.timeout_seconds", "0");

    @Test
    void targetsKilledAbruptlyOneAfterTheOtherCostNoFailedRequest() throws Exception {
        try (HealthAwareProxy lb = new HealthAwareProxy()) {
            List<KillableTarget> targets = lb.healthyTargets(Map.of(), "a", "b", "c");
            KillableTarget b = targets.get(1);
            KillableTarget c = targets.get(2);

            List<ClientLoad> loads = startLoads(lb, "&ms=3"); // each answer takes 3 ms: requests are in flight
            try {
                awaitSeconds(20, () -> total(loads) >= 1000 && b.served() >= 200);
                for (KillableTarget victim : List.of(b, c)) {
                    int beforeKill = total(loads);
                    victim.killAbruptly();
                    awaitSeconds(30, () -> total(loads) >= beforeKill + 1500);
                }
            } finally {
                closeAll(loads);
            }
            int requests = total(loads);
            List<ClientLoad.Outcome> failures = failures(loads);
            System.out.printf("TARGET_KILLED requests=%d failed=%d request_retried=%d reused_connection_retried=%d "
                            + "connect_retried=%d answers=%s%n", requests, failures.size(),
                    lb.proxy.counters().get("backend.request_retried"),
                    lb.proxy.counters().get("backend.reused_connection_retried"),
                    lb.proxy.counters().get("backend.connect_retried"), answers(loads));
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void deregistrationsWithDelayZeroCostNoFailedRequestAndNoLaterRequestReachesTheTarget() throws Exception {
        try (HealthAwareProxy lb = new HealthAwareProxy()) {
            List<KillableTarget> all = lb.healthyTargets(NO_DELAY, "a", "b", "c");

            List<Window> windows = new ArrayList<>();
            List<ClientLoad> loads = startLoads(lb, "");
            try {
                awaitSeconds(10, () -> total(loads) >= 500);
                for (int cycle = 0; cycle < 6; cycle++) {
                    KillableTarget leaving = all.get(cycle % all.size());
                    lb.register(all.stream().filter(t -> t != leaving).toList(), NO_DELAY);
                    long deregisteredAt = System.nanoTime(); // the "call" returned: the snapshot is applied
                    int atDeregistration = total(loads);
                    awaitSeconds(10, () -> total(loads) >= atDeregistration + 500);
                    windows.add(new Window(leaving, deregisteredAt, System.nanoTime()));
                    lb.register(all, NO_DELAY);
                    int served = leaving.served();
                    awaitSeconds(10, () -> leaving.served() >= served + 50); // healthy again and back in rotation
                }
            } finally {
                closeAll(loads);
            }
            List<ClientLoad.Outcome> failures = failures(loads);
            long late = windows.stream().mapToLong(Window::lateArrivals).sum();
            System.out.printf("DEREGISTRATIONS cycles=%d requests=%d failed=%d late_arrivals=%d request_retried=%d "
                            + "reused_connection_retried=%d cut_after_draining=%d%n", windows.size(), total(loads),
                    failures.size(), late, lb.proxy.counters().get("backend.request_retried"),
                    lb.proxy.counters().get("backend.reused_connection_retried"),
                    lb.proxy.counters().get("backend.cut_after_draining"));
            assertThat(failures).isEmpty();
            for (Window w : windows) {
                assertThat(w.lateArrivals()).as("requests sent to %s after its deregistration returned",
                        w.target().name()).isZero();
            }
        }
    }

    /** Target {@code target} was deregistered from {@code fromNanos} until {@code toNanos}. */
    private record Window(KillableTarget target, long fromNanos, long toNanos) {
        /** Requests the target received that were sent while it was deregistered. */
        long lateArrivals() {
            return target.requestStarts().stream().filter(start -> start > fromNanos && start < toNanos).count();
        }
    }

    private static List<ClientLoad> startLoads(HealthAwareProxy lb, String query) {
        List<ClientLoad> loads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            loads.add(new ClientLoad(lb.address(), 200, query));
        }
        return loads;
    }

    private static void closeAll(List<ClientLoad> loads) throws InterruptedException {
        for (ClientLoad load : loads) {
            load.close();
        }
    }

    private static int total(List<ClientLoad> loads) {
        return loads.stream().mapToInt(l -> l.outcomes().size()).sum();
    }

    private static List<ClientLoad.Outcome> failures(List<ClientLoad> loads) {
        return loads.stream().flatMap(l -> l.failures().stream()).toList();
    }

    private static Map<String, Long> answers(List<ClientLoad> loads) {
        return ClientLoad.byTarget(loads.stream().flatMap(l -> l.outcomes().stream()).toList());
    }
}
