package dev.ballast.control.error;

/**
 * A command or request failed with one of AWS's error codes; the message is shown to the client as is.
 *
 * <p>Thread-safe (immutable).
 */
public final class AwsException extends RuntimeException {
    private final AwsError error;

    /** Creates the exception. */
    public AwsException(AwsError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** The error code. */
    public AwsError error() {
        return error;
    }
}
