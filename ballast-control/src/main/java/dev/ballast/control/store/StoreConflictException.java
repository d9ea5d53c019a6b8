package dev.ballast.control.store;

/**
 * A commit named an expected revision that is no longer the store's latest (another writer committed first).
 *
 * <p>Thread-safe (immutable).
 */
public final class StoreConflictException extends StoreException {
    /** Creates the exception. */
    public StoreConflictException(long expected, long actual) {
        super("revision: " + expected + " (expected: the latest revision " + actual + ")", null);
    }
}
