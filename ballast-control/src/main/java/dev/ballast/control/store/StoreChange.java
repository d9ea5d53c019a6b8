package dev.ballast.control.store;

import java.util.List;

/**
 * One committed transaction as watchers see it: its revision and its mutations, in order. A change with
 * {@code resync} set carries no mutations: the store could not replay the changes up to {@code revision} (a
 * watcher that fell too far behind a store that keeps a bounded history), so the watcher must read the store
 * again.
 *
 * <p>Thread-safe (immutable).
 */
public record StoreChange(long revision, List<Mutation> mutations, boolean resync) {
    /** Copies the list. */
    public StoreChange {
        mutations = List.copyOf(mutations);
    }

    /** One committed transaction. */
    public StoreChange(long revision, List<Mutation> mutations) {
        this(revision, mutations, false);
    }

    /** The changes up to {@code revision} were missed: read the store again. */
    public static StoreChange resyncAt(long revision) {
        return new StoreChange(revision, List.of(), true);
    }
}
