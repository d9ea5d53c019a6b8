package dev.ballast.control.store;

/**
 * The store could not read or commit (I/O, corruption, conflict).
 *
 * <p>Thread-safe (immutable).
 */
public class StoreException extends RuntimeException {
    /** Creates the exception. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
