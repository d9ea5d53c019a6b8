package dev.ballast.control.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.SqliteStore;
import dev.ballast.control.store.StoreException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StickinessKeyTest {
    @TempDir
    Path dir;

    @Test
    void createdOnceOnFirstStartThenReadBackAfterReopening() {
        byte[] first;
        try (SqliteStore store = SqliteStore.open(dir)) {
            first = StickinessKey.loadOrCreate(store, new SecureRandom());
            assertThat(first).hasSize(32);
            assertThat(store.revision()).isEqualTo(1);
            assertThat(StickinessKey.loadOrCreate(store, new SecureRandom())).isEqualTo(first);
            assertThat(store.revision()).as("no second commit").isEqualTo(1);
        }
        try (SqliteStore store = SqliteStore.open(dir)) {
            assertThat(StickinessKey.loadOrCreate(store, new SecureRandom())).isEqualTo(first);
            assertThat(store.read("elbv2/").records()).isEmpty();
        }
    }

    @Test
    void aDamagedStoredKeyIsReportedWithoutItsValue() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            store.commit(0, List.of(new Mutation.Put(StickinessKey.STORE_KEY, "c2hvcnQ=")));
            assertThatThrownBy(() -> StickinessKey.loadOrCreate(store, new SecureRandom()))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("secrets/stickiness-cookie-key: not a key (expected: base64 of 32 bytes)");
            assertThat(store.revision()).isEqualTo(1);
        }
    }
}
