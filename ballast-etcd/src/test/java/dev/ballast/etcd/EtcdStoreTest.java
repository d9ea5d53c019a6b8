package dev.ballast.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreChange;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreContractTest;
import dev.ballast.control.store.StoreRecord;
import dev.ballast.control.store.StoreUnavailableException;
import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Store contract and the cluster cases on a real etcd started by the test. */
class EtcdStoreTest extends StoreContractTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @TempDir
    static Path dir;
    static EtcdCluster etcd;
    static Client client;
    String namespace;

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdCluster.start(dir, 1);
        client = EtcdClients.connect(etcd.endpoints(), TIMEOUT);
    }

    @AfterAll
    static void stopEtcd() {
        if (client != null) {
            client.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @BeforeEach
    void freshNamespace() {
        namespace = "/test" + NAMESPACES.incrementAndGet() + "/";
    }

    @Override
    protected Store openStore() {
        return EtcdStore.open(client, namespace, TIMEOUT);
    }

    @Test
    void twoNodesIncrementingTheSameRecordAtOnceLoseNoUpdate() throws Exception {
        int perNode = 40;
        try (Client other = EtcdClients.connect(etcd.endpoints(), TIMEOUT);
             EtcdStore node1 = EtcdStore.open(client, namespace, TIMEOUT);
             EtcdStore node2 = EtcdStore.open(other, namespace, TIMEOUT)) {
            List<StoreChange> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable watch = node2.watch(0, seen::add)) {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<Future<Integer>> conflicts = new ArrayList<>();
                for (EtcdStore node : List.of(node1, node2)) {
                    conflicts.add(pool.submit(() -> incrementRetrying(node, perNode)));
                }
                int conflicted = conflicts.get(0).get() + conflicts.get(1).get();
                pool.shutdown();
                StoreContents end = node1.read("counter");
                assertThat(end.records()).containsExactly(new StoreRecord("counter", Integer.toString(2 * perNode),
                        2 * perNode));
                awaitChanges(seen, 2 * perNode);
                assertThat(seen).extracting(StoreChange::revision)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 2 * perNode).boxed()
                                .toList());
                System.out.printf("two nodes, %d increments each: %d conflicts retried, none lost%n", perNode,
                        conflicted);
            }
        }
    }

    /** Read-modify-write of one counter, retried on conflict as a writer does; returns the conflicts seen. */
    private static int incrementRetrying(Store store, int times) {
        int conflicts = 0;
        for (int i = 0; i < times; i++) {
            while (true) {
                StoreContents c = store.read("counter");
                int value = c.records().isEmpty() ? 0 : Integer.parseInt(c.records().get(0).value());
                try {
                    store.commit(c.revision(), List.of(new Mutation.Put("counter", Integer.toString(value + 1))));
                    break;
                } catch (StoreConflictException e) {
                    conflicts++;
                }
            }
        }
        return conflicts;
    }

    @Test
    void aWatcherThatFellBehindTheChangeLogIsToldToReadAgain() throws Exception {
        try (EtcdStore store = EtcdStore.open(client, namespace, TIMEOUT, 3)) {
            for (long r = 0; r < 6; r++) {
                store.commit(r, List.of(new Mutation.Put("k", Long.toString(r))));
            }
            List<StoreChange> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable watch = store.watch(1, seen::add)) {
                store.commit(6, List.of(new Mutation.Put("k", "6")));
                awaitChanges(seen, 2);
            }
            assertThat(seen).containsExactly(StoreChange.resyncAt(6),
                    new StoreChange(7, List.of(new Mutation.Put("k", "6"))));
            // the log keeps the last 3 commits: a watch from revision 4 still replays them
            List<StoreChange> recent = new CopyOnWriteArrayList<>();
            try (AutoCloseable watch = store.watch(4, recent::add)) {
                awaitChanges(recent, 3);
            }
            assertThat(recent).extracting(StoreChange::revision).containsExactly(5L, 6L, 7L);
        }
    }

    @Test
    void aWatchResumesFromItsLastRevisionAfterEtcdRestarts() throws Exception {
        try (EtcdStore store = EtcdStore.open(client, namespace, TIMEOUT)) {
            store.commit(0, List.of(new Mutation.Put("k", "0")));
            List<StoreChange> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable watch = store.watch(1, seen::add)) {
                store.commit(1, List.of(new Mutation.Put("k", "1")));
                awaitChanges(seen, 1);
                EtcdCluster.Member only = etcd.members().get(0);
                etcd.kill(only);
                assertThatThrownBy(() -> store.commit(2, List.of(new Mutation.Put("k", "lost"))))
                        .isInstanceOf(StoreUnavailableException.class);
                etcd.restart(only);
                etcd.awaitHealthy(only);
                long r = awaitCommit(store, 2, new Mutation.Put("k", "2"));
                store.commit(r, List.of(new Mutation.Delete("k")));
                awaitChanges(seen, 3);
            }
            assertThat(seen).containsExactly(new StoreChange(2, List.of(new Mutation.Put("k", "1"))),
                    new StoreChange(3, List.of(new Mutation.Put("k", "2"))),
                    new StoreChange(4, List.of(new Mutation.Delete("k"))));
        }
    }

    /** Commits once the client has reconnected (its first calls after a restart may still fail). */
    private static long awaitCommit(Store store, long expected, Mutation m) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return store.commit(expected, List.of(m));
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static StoreContents awaitRead(Store store, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return store.read(prefix);
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void losingQuorumRefusesCommitsAsUnavailableAndKeepsEverythingAcknowledged(@TempDir Path clusterDir)
            throws Exception {
        try (EtcdCluster three = EtcdCluster.start(clusterDir, 3);
             Client c = EtcdClients.connect(three.endpoints(), Duration.ofSeconds(2));
             EtcdStore store = EtcdStore.open(c, "/quorum/", Duration.ofSeconds(2))) {
            store.commit(0, List.of(new Mutation.Put("k", "acknowledged")));
            EtcdCluster.Member first = three.members().get(0);
            three.kill(first);
            long r = awaitCommit(store, 1, new Mutation.Put("k", "with two of three"));
            EtcdCluster.Member second = three.members().get(1);
            three.kill(second);
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.commit(r, List.of(new Mutation.Put("k", "without quorum"))))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("commit revision 3");
            System.out.printf("commit without quorum refused after %d ms%n", (System.nanoTime() - started) / 1_000_000);
            three.restart(first);
            three.restart(second);
            // A commit refused for want of quorum is undecided, not undone: if the surviving member was the leader
            // it had logged the proposal, and the cluster may commit it once quorum returns. What was acknowledged
            // is never lost, and no write lands on a stale revision.
            StoreContents back = awaitRead(store, "k");
            assertThat(back.records()).hasSize(1);
            assertThat(back.revision()).isBetween(2L, 3L);
            assertThat(back.records().get(0).value())
                    .isEqualTo(back.revision() == 2 ? "with two of three" : "without quorum");
            long resumed = store.commit(back.revision(), List.of(new Mutation.Put("k", "quorum back")));
            assertThat(store.read("k").records()).containsExactly(new StoreRecord("k", "quorum back", resumed));
        }
    }
}
