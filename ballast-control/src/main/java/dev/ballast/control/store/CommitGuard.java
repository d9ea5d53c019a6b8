package dev.ballast.control.store;

/**
 * A condition a commit carries besides the expected revision: the key {@code key} of the same backend (an absolute
 * etcd key) must still exist with creation revision {@code createRevision}. A leader's key is created under its
 * lease; once the lease expires the key is gone (or re-created by the next leader with a newer creation revision),
 * so the old leader's guarded commits fail with {@link StoreFencedException}.
 *
 * <p>Thread-safe (immutable).
 */
public record CommitGuard(String key, long createRevision) {}
