package dev.ballast.control.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} SPI's contract, run against every implementation (SQLite here, etcd in ballast-etcd): a
 * subclass says how to open the store under test, and opening it again must reach the same data.
 */
public abstract class StoreContractTest {
    /** Opens the store under test; a second call reaches the same data (a restart, or another node). */
    protected abstract Store openStore();

    /** Waits until {@code seen} holds {@code count} changes; a store whose watch is asynchronous needs it. */
    protected void awaitChanges(List<StoreChange> seen, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void commitsAreAtomicRevisionedAndSurviveReopening() {
        try (Store store = openStore()) {
            assertThat(store.commit(0, List.of(new Mutation.Put("a/1", "x"), new Mutation.Put("a/2", "y"),
                    new Mutation.Put("b/1", "z")))).isEqualTo(1);
            assertThat(store.commit(1, List.of(new Mutation.Delete("a/1"), new Mutation.Put("a/2", "y2")))).isEqualTo(2);
        }
        try (Store store = openStore()) {
            StoreContents a = store.read("a/");
            assertThat(a.revision()).isEqualTo(2);
            assertThat(a.records()).containsExactly(new StoreRecord("a/2", "y2", 2));
            assertThat(store.read("").records()).extracting(StoreRecord::key).containsExactly("a/2", "b/1");
        }
    }

    @Test
    void anEmptyStoreReadsNothingAtRevisionZero() {
        try (Store store = openStore()) {
            assertThat(store.read("")).isEqualTo(new StoreContents(0, List.of()));
        }
    }

    @Test
    void aStaleRevisionIsAConflictAndChangesNothing() {
        try (Store store = openStore()) {
            store.commit(0, List.of(new Mutation.Put("k", "1")));
            assertThatThrownBy(() -> store.commit(0, List.of(new Mutation.Put("k", "2"))))
                    .isInstanceOf(StoreConflictException.class).hasMessage("revision: 0 (expected: the latest revision 1)");
            assertThatThrownBy(() -> store.commit(5, List.of(new Mutation.Put("k", "2"))))
                    .isInstanceOf(StoreConflictException.class).hasMessage("revision: 5 (expected: the latest revision 1)");
            assertThat(store.read("k").records()).containsExactly(new StoreRecord("k", "1", 1));
            assertThat(store.read("k").revision()).isEqualTo(1);
        }
    }

    @Test
    void aKeyWrittenTwiceInOneCommitKeepsTheLastValue() {
        try (Store store = openStore()) {
            store.commit(0, List.of(new Mutation.Put("k", "1"), new Mutation.Put("k", "2"), new Mutation.Delete("j"),
                    new Mutation.Put("j", "3")));
            assertThat(store.read("").records()).containsExactly(new StoreRecord("j", "3", 1),
                    new StoreRecord("k", "2", 1));
        }
    }

    @Test
    void watchReplaysPastChangesThenFollowsNewOnes() throws Exception {
        try (Store store = openStore()) {
            store.commit(0, List.of(new Mutation.Put("k", "1")));
            store.commit(1, List.of(new Mutation.Put("k", "2"), new Mutation.Delete("j")));
            List<StoreChange> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable handle = store.watch(1, seen::add)) {
                store.commit(2, List.of(new Mutation.Put("k", "3")));
                awaitChanges(seen, 2);
            }
            store.commit(3, List.of(new Mutation.Put("k", "4")));
            assertThat(seen).containsExactly(
                    new StoreChange(2, List.of(new Mutation.Put("k", "2"), new Mutation.Delete("j"))),
                    new StoreChange(3, List.of(new Mutation.Put("k", "3"))));
        }
    }
}
