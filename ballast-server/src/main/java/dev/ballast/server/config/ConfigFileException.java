package dev.ballast.server.config;

/**
 * A configuration file that cannot be used; the message names where in the file the problem is and what was
 * expected, e.g. {@code loadBalancers[0].listeners[0].port: 70000 (expected: 1-65535)}.
 *
 * <p>Thread-safe (immutable).
 */
public final class ConfigFileException extends RuntimeException {
    /** Creates an exception whose message is shown to the user as is. */
    public ConfigFileException(String message) {
        super(message, null, false, false);
    }
}
