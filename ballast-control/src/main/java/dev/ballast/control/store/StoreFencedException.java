package dev.ballast.control.store;

/**
 * A guarded commit was refused because its {@link CommitGuard} no longer holds: the node that made it is not the
 * leader any more. Nothing was applied; unlike a conflict, running the command again does not help.
 *
 * <p>Thread-safe (immutable).
 */
public final class StoreFencedException extends StoreException {
    /** Creates the exception with what failed. */
    public StoreFencedException(String message) {
        super(message, null);
    }
}
