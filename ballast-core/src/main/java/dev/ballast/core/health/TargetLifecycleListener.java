package dev.ballast.core.health;

import dev.ballast.core.model.Target;

/**
 * Told when a deregistered target starts and ends draining, so the data plane can stop reusing connections to it
 * and, when the deregistration delay ends, cut the requests still open; and when a registered target turns
 * unhealthy, so a network load balancer can terminate its connections; and of every health state change (for the log).
 *
 * <p>Implementations must be thread-safe and quick: they are called by the tracker's writers, outside its lock.
 */
public interface TargetLifecycleListener {
    /** {@code target} was deregistered from group {@code targetGroupArn}: it gets no new requests from now on. */
    default void drainingStarted(String targetGroupArn, Target target) {}

    /** The deregistration delay of {@code target} ended (or was 0): requests still open to it are to be cut. */
    default void drainingEnded(String targetGroupArn, Target target) {}

    /**
     * {@code target} of group {@code targetGroupArn} turned unhealthy; {@code stillRoutable} is true when the group
     * fails open and the target keeps receiving new requests.
     */
    default void becameUnhealthy(String targetGroupArn, Target target, boolean stillRoutable) {}

    /** A health check result changed the health of {@code target} of group {@code targetGroupArn}. */
    default void healthChanged(String targetGroupArn, Target target, TargetHealth from, TargetHealth to) {}
}
