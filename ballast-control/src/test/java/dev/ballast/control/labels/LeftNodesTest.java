package dev.ballast.control.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.cluster.Membership;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which nodes' registrations a node releases, and when: the time is the test's, never the machine's. */
class LeftNodesTest {
    private static final Duration LOST_AFTER = Duration.ofSeconds(3);
    private static final ClusterMember N1 = new ClusterMember("n1", "127.0.1.1", "i-00000000000000001");
    private static final ClusterMember N2 = new ClusterMember("n2", "127.0.1.2", "i-00000000000000002");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<List<ClusterMember>> live = new AtomicReference<>(List.of(N1, N2));
    private final LeftNodes left = new LeftNodes(new Members(), LOST_AFTER, now::get);

    @Test
    void aNodeIsGoneOnceMissingForTheGracePeriodCountedFromWhenItWasFirstSeenMissing() {
        assertThat(left.left(Set.of("n1", "n2"))).isEmpty();
        assertThat(left.pending()).isFalse();

        live.set(List.of(N1));
        assertThat(left.left(Set.of("n1", "n2"))).isEmpty();
        assertThat(left.pending()).as("n2 missing, not long enough yet").isTrue();
        advance(LOST_AFTER.minusMillis(1));
        assertThat(left.left(Set.of("n1", "n2"))).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(left.left(Set.of("n1", "n2"))).containsExactly("n2");
        assertThat(left.pending()).isFalse();
    }

    @Test
    void aNodeBackWithinTheGracePeriodIsNotGoneAndCountsAfreshWhenItGoesAgain() {
        live.set(List.of(N1));
        left.left(Set.of("n2"));
        advance(Duration.ofSeconds(2));
        live.set(List.of(N1, N2));
        assertThat(left.left(Set.of("n2"))).isEmpty();
        live.set(List.of(N1));
        advance(Duration.ofSeconds(2));
        assertThat(left.left(Set.of("n2"))).as("missing again for 0 s").isEmpty();
        advance(LOST_AFTER);
        assertThat(left.left(Set.of("n2"))).containsExactly("n2");
    }

    @Test
    void onlyANodeThatSeesItselfLiveJudges() {
        live.set(List.of(N1));
        assertThat(left.left(Set.of("n2"))).isEmpty();
        advance(LOST_AFTER);
        live.set(List.of(N2));
        assertThat(left.left(Set.of("n2"))).as("cut off itself: it judges nobody").isEmpty();
        live.set(List.of(N1));
        assertThat(left.left(Set.of("n2"))).containsExactly("n2");
    }

    @Test
    void theRecheckIsAQuarterOfTheGraceButNoLessThan100Ms() {
        assertThat(left.recheck()).isEqualTo(Duration.ofMillis(750));
        assertThat(new LeftNodes(new Members(), Duration.ofMillis(200), now::get).recheck())
                .isEqualTo(Duration.ofMillis(100));
    }

    private void advance(Duration by) {
        now.updateAndGet(i -> i.plus(by));
    }

    /** The test's live nodes, n1 being this one. */
    private final class Members implements Membership {
        @Override
        public ClusterMember self() {
            return N1;
        }

        @Override
        public List<ClusterMember> live() {
            return live.get();
        }

        @Override
        public void onChange(Runnable listener) {
            // the test asks again itself
        }
    }
}
