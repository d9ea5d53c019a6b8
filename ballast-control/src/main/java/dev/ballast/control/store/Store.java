package dev.ballast.control.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * The configuration store SPI: a revisioned key/value space, one record per resource, with atomic multi-key
 * commits and a watch. The embedded implementation is {@link SqliteStore}; an etcd store maps one-to-one onto
 * this interface (keys, a transaction guarded by the expected revision, the watch from a revision).
 *
 * <p>Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {
    /** Every record whose key starts with {@code prefix}, and the store's revision when read. */
    StoreContents read(String prefix);

    /**
     * Applies {@code mutations} atomically and durably (on disk before this returns) if the store's revision is
     * still {@code expectedRevision}; returns the new revision ({@code expectedRevision + 1}).
     *
     * @throws StoreConflictException if another commit happened since {@code expectedRevision}
     * @throws StoreUnavailableException if the store could not be reached or could not decide in time
     * @throws StoreException if the commit could not be made durable; then nothing was applied
     */
    long commit(long expectedRevision, List<Mutation> mutations);

    /**
     * As {@link #commit(long, List)}, applied only while {@code guard} (null: none) holds: a leader's commits in
     * cluster mode. A store without leaders (SQLite, one node) takes no guard.
     *
     * @throws StoreFencedException if the guard no longer holds; nothing was applied
     * @throws StoreConflictException if another commit happened since {@code expectedRevision}
     */
    default long commit(long expectedRevision, List<Mutation> mutations, CommitGuard guard) {
        if (guard != null) {
            throw new StoreException("guard: " + guard.key() + " (expected: none; this store has no leaders)", null);
        }
        return commit(expectedRevision, mutations);
    }

    /**
     * Calls {@code watcher} with every change committed after {@code afterRevision}, in revision order, until the
     * returned handle is closed. Changes already committed are delivered first. A store that keeps a bounded
     * history (or a watch that lost its connection for longer than that history) delivers
     * {@link StoreChange#resyncAt} instead of changes it can no longer replay; the watcher then reads again.
     */
    AutoCloseable watch(long afterRevision, Consumer<StoreChange> watcher);

    /** Releases the store. */
    @Override
    void close();
}
