package dev.ballast.core.health;

import dev.ballast.core.model.HealthCheck;

/**
 * The health of one registered target, driven by its probe results with AWS's thresholds.
 *
 * <p>A newly registered target starts {@code initial} ({@code Elb.RegistrationInProgress}). Under an application
 * load balancer one passing check makes it healthy; under a network load balancer it needs healthy-threshold
 * consecutive passes. Thereafter it turns unhealthy after unhealthy-threshold consecutive failures (with the reason
 * of the last failure) and healthy again after healthy-threshold consecutive passes. A new target that keeps
 * failing stays {@code initial} ({@code Elb.InitialHealthChecking}) until the unhealthy threshold is reached.
 *
 * <p>Not thread-safe: {@link TargetHealthTracker} confines each instance to its lock.
 */
public final class TargetHealthStateMachine {
    private static final TargetHealth REGISTERING =
            TargetHealth.of(TargetHealthState.INITIAL, TargetHealthReason.REGISTRATION_IN_PROGRESS);
    private static final TargetHealth INITIAL_CHECKING =
            TargetHealth.of(TargetHealthState.INITIAL, TargetHealthReason.INITIAL_HEALTH_CHECKING);

    private final boolean applicationSemantics;
    private TargetHealth health = REGISTERING;
    private int consecutivePasses;
    private int consecutiveFailures;

    /**
     * A machine for a newly registered target.
     *
     * @param applicationSemantics true for a group behind an application load balancer (one pass to become healthy
     *     at first, reason codes for timeouts and response codes), false for a network load balancer
     */
    public TargetHealthStateMachine(boolean applicationSemantics) {
        this.applicationSemantics = applicationSemantics;
    }

    /** The current health. */
    public TargetHealth health() {
        return health;
    }

    /**
     * Counts one probe result against {@code check}'s thresholds.
     *
     * @return true if the reported health changed (state, reason or description)
     */
    public boolean record(ProbeResult result, HealthCheck check) {
        TargetHealth before = health;
        if (result.passed()) {
            consecutiveFailures = 0;
            consecutivePasses++;
            health = afterPass(check);
        } else {
            consecutivePasses = 0;
            consecutiveFailures++;
            health = afterFailure(result, check);
        }
        return !health.equals(before);
    }

    private TargetHealth afterPass(HealthCheck check) {
        return switch (health.state()) {
            case INITIAL -> consecutivePasses >= (applicationSemantics ? 1 : check.healthyThreshold())
                    ? TargetHealth.HEALTHY : INITIAL_CHECKING;
            case UNHEALTHY -> consecutivePasses >= check.healthyThreshold() ? TargetHealth.HEALTHY : health;
            default -> health;
        };
    }

    private TargetHealth afterFailure(ProbeResult result, HealthCheck check) {
        boolean reachedThreshold = consecutiveFailures >= check.unhealthyThreshold();
        return switch (health.state()) {
            case INITIAL -> reachedThreshold ? result.unhealthyHealth(applicationSemantics) : INITIAL_CHECKING;
            case HEALTHY -> reachedThreshold ? result.unhealthyHealth(applicationSemantics) : health;
            // An unhealthy target shows the reason of its latest failure.
            case UNHEALTHY -> result.unhealthyHealth(applicationSemantics);
            default -> health;
        };
    }
}
