package dev.ballast.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.store.CommitGuard;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.StoreFencedException;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leased leader key on a real etcd: of two candidates exactly one leads; when its lease ends (revoked behind its
 * back, as etcd expires the lease of a node that stopped renewing it) the other takes over, and a commit still
 * carrying the old term's guard is refused and applies nothing (fencing); a leader that stops cleanly hands over at
 * once.
 */
class LeaderElectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofMillis(100);

    @TempDir
    static Path dir;
    static EtcdCluster etcd;
    static Client clientA;
    static Client clientB;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdCluster.start(dir, 1);
        clientA = EtcdClients.connect(etcd.endpoints(), TIMEOUT);
        clientB = EtcdClients.connect(etcd.endpoints(), TIMEOUT);
    }

    @AfterAll
    static void stopEtcd() {
        for (Client c : new Client[] {clientA, clientB}) {
            if (c != null) {
                c.close();
            }
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void oneCandidateLeadsAndAStaleLeadersCommitsAreFencedOnceAnotherLeads() throws Exception {
        String key = "/test-leader/fenced";
        try (LeaderElection a = LeaderElection.start(clientA, key, "a", TTL, RETRY, TIMEOUT);
             LeaderElection b = LeaderElection.start(clientB, key, "b", TTL, RETRY, TIMEOUT);
             EtcdStore store = EtcdStore.open(clientA, "/test-leader/store/", TIMEOUT)) {
            await("one leader", () -> a.leading() || b.leading());
            LeaderElection leader = a.leading() ? a : b;
            LeaderElection other = leader == a ? b : a;
            assertThat(other.leading()).as("only one leads").isFalse();
            assertThatThrownBy(other::guard).isInstanceOf(StoreFencedException.class);
            CommitGuard oldTerm = leader.guard();
            assertThat(store.commit(0, List.of(new Mutation.Put("k", "by the leader")), oldTerm)).isEqualTo(1);

            // etcd ends the leader's lease behind its back, as when the leader stops renewing it
            KeyValue held = clientA.getKVClient().get(EtcdKeys.bytes(key)).get().getKvs().get(0);
            clientA.getLeaseClient().revoke(held.getLease()).get();
            await("the other candidate leads", other::leading);
            CommitGuard newTerm = other.guard();
            assertThat(newTerm.createRevision()).isGreaterThan(oldTerm.createRevision());

            assertThatThrownBy(() -> store.commit(1, List.of(new Mutation.Put("k", "stale")), oldTerm))
                    .isInstanceOf(StoreFencedException.class);
            assertThat(store.read("k").records()).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo("by the leader"));
            assertThat(store.commit(1, List.of(new Mutation.Put("k", "by the new leader")), newTerm)).isEqualTo(2);
            await("the old leader notices it lost", () -> !leader.leading());
        }
    }

    @Test
    void aLeaderThatStopsCleanlyHandsOverAtOnce() throws Exception {
        String key = "/test-leader/handover";
        try (LeaderElection b = LeaderElection.start(clientB, key, "b", Duration.ofSeconds(30), RETRY, TIMEOUT)) {
            LeaderElection a = LeaderElection.start(clientA, key, "a", Duration.ofSeconds(30), RETRY, TIMEOUT);
            try {
                await("one leader", () -> a.leading() || b.leading());
                LeaderElection leader = a.leading() ? a : b;
                LeaderElection other = leader == a ? b : a;
                long closed = System.nanoTime();
                leader.close();
                // far sooner than the 30 s lease: the lease was revoked
                await("the other candidate leads", other::leading);
                System.out.printf("leader election: a leader that stopped cleanly was replaced after %d ms%n",
                        (System.nanoTime() - closed) / 1_000_000);
            } finally {
                a.close();
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
