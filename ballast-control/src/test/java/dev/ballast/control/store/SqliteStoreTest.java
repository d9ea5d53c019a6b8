package dev.ballast.control.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    @TempDir
    Path dir;

    @Test
    void commitsAreAtomicRevisionedAndSurviveReopening() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            assertThat(store.commit(0, List.of(new Mutation.Put("a/1", "x"), new Mutation.Put("a/2", "y"),
                    new Mutation.Put("b/1", "z")))).isEqualTo(1);
            assertThat(store.commit(1, List.of(new Mutation.Delete("a/1"), new Mutation.Put("a/2", "y2")))).isEqualTo(2);
        }
        try (SqliteStore store = SqliteStore.open(dir)) {
            StoreContents a = store.read("a/");
            assertThat(a.revision()).isEqualTo(2);
            assertThat(a.records()).containsExactly(new StoreRecord("a/2", "y2", 2));
            assertThat(store.read("").records()).hasSize(2);
        }
    }

    @Test
    void aStaleRevisionIsAConflictAndChangesNothing() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.commit(0, List.of(new Mutation.Put("k", "1")));
            assertThatThrownBy(() -> store.commit(0, List.of(new Mutation.Put("k", "2"))))
                    .isInstanceOf(StoreConflictException.class).hasMessage("revision: 0 (expected: the latest revision 1)");
            assertThat(store.read("k").records()).containsExactly(new StoreRecord("k", "1", 1));
        }
    }

    @Test
    void watchReplaysPastChangesThenFollowsNewOnes() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.commit(0, List.of(new Mutation.Put("k", "1")));
            store.commit(1, List.of(new Mutation.Put("k", "2"), new Mutation.Delete("j")));
            List<StoreChange> seen = new ArrayList<>();
            try (AutoCloseable handle = store.watch(1, seen::add)) {
                store.commit(2, List.of(new Mutation.Put("k", "3")));
            }
            store.commit(3, List.of(new Mutation.Put("k", "4")));
            assertThat(seen).containsExactly(
                    new StoreChange(2, List.of(new Mutation.Put("k", "2"), new Mutation.Delete("j"))),
                    new StoreChange(3, List.of(new Mutation.Put("k", "3"))));
        }
    }
}
