package dev.ballast.control.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The Store contract on the embedded SQLite store; reopening opens the same file. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return SqliteStore.open(dir);
    }
}
