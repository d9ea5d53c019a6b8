package dev.ballast.control.classic;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;

/**
 * The attributes of a Classic Load Balancer that Ballast keeps: cross-zone load balancing (shown; one node has one
 * zone), connection draining (deregistered instances keep their connections for the timeout, then they are
 * closed), the idle timeout of connections, and the access log settings (shown, not written).
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicAttributes(boolean crossZone, boolean drainingEnabled, int drainingTimeout, int idleTimeout,
                                boolean accessLogEnabled) {
    /** A load balancer created through the API: cross-zone off, draining off (timeout 300 s), idle timeout 60 s. */
    public static final ClassicAttributes DEFAULTS = new ClassicAttributes(false, false, 300, 60, false);

    /** Checks the ranges: draining timeout 1-3600 s, idle timeout 1-4000 s. */
    public ClassicAttributes {
        if (drainingTimeout < 1 || drainingTimeout > 3600) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "ConnectionDraining.Timeout: " + drainingTimeout
                    + " (expected: 1-3600)");
        }
        if (idleTimeout < 1 || idleTimeout > 4000) {
            throw new AwsException(AwsError.VALIDATION_ERROR, "ConnectionSettings.IdleTimeout: " + idleTimeout
                    + " (expected: 1-4000)");
        }
    }

    /** The deregistration delay this gives the data plane: the draining timeout when draining is on, else 0. */
    public int deregistrationDelaySeconds() {
        return drainingEnabled ? drainingTimeout : 0;
    }
}
