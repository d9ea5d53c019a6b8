package dev.ballast.core.validation;

/**
 * A model value broke one of AWS's constraints; the message names the field, the value and what was expected.
 *
 * <p>Thread-safe (immutable).
 */
public class ValidationException extends RuntimeException {
    /** Creates an exception whose message is shown to the user as is. */
    public ValidationException(String message) {
        super(message, null, false, false);
    }
}
