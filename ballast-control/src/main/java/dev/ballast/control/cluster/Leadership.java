package dev.ballast.control.cluster;

import dev.ballast.control.store.CommitGuard;
import dev.ballast.control.store.StoreFencedException;

/**
 * Whether this node is the one that may act for the whole cluster now (the ECS service scheduler), and the guard its
 * commits carry so that a node that lost the role without noticing yet cannot commit as if it still had it
 * (fencing).
 *
 * <p>Implementations are thread-safe.
 */
public interface Leadership {
    /** One node alone: always the leader, and its commits need no guard. */
    Leadership ALONE = new Leadership() {
        @Override
        public boolean leading() {
            return true;
        }

        @Override
        public CommitGuard guard() {
            return null;
        }

        @Override
        public void onChange(Runnable listener) {
            // never changes
        }
    };

    /** True while this node holds the role. */
    boolean leading();

    /**
     * The guard of this node's current term, which its commits as the leader carry; null when commits need none
     * (one node alone).
     *
     * @throws StoreFencedException when this node does not hold the role now
     */
    CommitGuard guard();

    /** Runs {@code listener} whenever this node gains or loses the role. */
    void onChange(Runnable listener);
}
