package dev.ballast.control.store;

import java.util.List;

/**
 * One committed transaction as watchers see it: its revision and its mutations, in order.
 *
 * <p>Thread-safe (immutable).
 */
public record StoreChange(long revision, List<Mutation> mutations) {
    /** Copies the list. */
    public StoreChange {
        mutations = List.copyOf(mutations);
    }
}
