package dev.ballast.core.health;

import dev.ballast.core.model.Target;

/**
 * Told when a deregistered target starts and ends draining, so the data plane can stop reusing connections to it
 * and, when the deregistration delay ends, cut the requests still open.
 *
 * <p>Implementations must be thread-safe and quick: they are called by the tracker's writers, outside its lock.
 */
public interface TargetLifecycleListener {
    /** {@code target} was deregistered from group {@code targetGroupArn}: it gets no new requests from now on. */
    default void drainingStarted(String targetGroupArn, Target target) {}

    /** The deregistration delay of {@code target} ended (or was 0): requests still open to it are to be cut. */
    default void drainingEnded(String targetGroupArn, Target target) {}
}
