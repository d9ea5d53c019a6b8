package dev.ballast.control.store;

import java.nio.file.Path;

/**
 * The stores of one node: SQLite files under the data directory, the ELBv2 store at its top and every other one in
 * a directory of its own name ({@code classic/}, {@code ecs/}, ...), secret ones private to this user.
 *
 * <p>Thread-safe (immutable).
 */
public final class SqliteStores implements StoreFactory {
    /** The store kept at the top of the data directory. */
    public static final String TOP = "elbv2";

    private final Path dataDir;

    /** Stores under {@code dataDir}. */
    public SqliteStores(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public Store open(String name, boolean secret) {
        Path dir = name.equals(TOP) ? dataDir : dataDir.resolve(name);
        return secret ? SqliteStore.openPrivate(dir) : SqliteStore.open(dir);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public void close() {
        // nothing shared
    }
}
