package dev.ballast.control.store;

/**
 * The store cannot be reached or cannot decide right now (e.g. etcd has lost its quorum): nothing was read or
 * committed by this call, and a later call may succeed. The API answers it with 503 {@code ServiceUnavailable}.
 *
 * <p>Thread-safe (immutable).
 */
public final class StoreUnavailableException extends StoreException {
    /** Creates the exception. */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
