package dev.ballast.control.store;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;

/**
 * How a writer answers a commit the store refused: an unreachable store (etcd without quorum) is 503
 * {@code ServiceUnavailable}, anything else (a conflict the writer did not retry included) 500
 * {@code InternalFailure}.
 *
 * <p>Thread-safe (stateless).
 */
public final class StoreErrors {
    private StoreErrors() {}

    /** The API error for {@code e}. */
    public static AwsException answer(StoreException e) {
        if (e instanceof StoreUnavailableException) {
            return new AwsException(AwsError.SERVICE_UNAVAILABLE, "The change could not be stored now, try again: "
                    + e.getMessage());
        }
        return new AwsException(AwsError.INTERNAL_FAILURE, "The change could not be stored: " + e.getMessage());
    }
}
