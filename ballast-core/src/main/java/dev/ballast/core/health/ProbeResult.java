package dev.ballast.core.health;

/**
 * The outcome of one health check probe.
 *
 * @param passed true when the target answered as the health check expects
 * @param reason why it failed (null when passed)
 * @param statusCode the HTTP status the target answered with, or 0 when none was read
 * @param description what DescribeTargetHealth shows for the failure, or null for the reason's own description
 *
 * <p>Thread-safe (immutable).
 */
public record ProbeResult(boolean passed, TargetHealthReason reason, int statusCode, String description) {
    /**
     * Ballast's description of a check its load balancer's outbound rules do not allow. AWS has no reason of its own
     * for this (its dropped packets show as a timeout); the reason stays {@code Target.FailedHealthChecks}.
     */
    public static final String EGRESS_BLOCKED_DESCRIPTION = "Health checks failed: the load balancer's security"
            + " groups have no outbound rule that allows the target's address and health check port";
    private static final ProbeResult PASS = new ProbeResult(true, null, 0);
    private static final ProbeResult TIMEOUT = new ProbeResult(false, TargetHealthReason.TIMEOUT, 0);
    private static final ProbeResult FAILED = new ProbeResult(false, TargetHealthReason.FAILED_HEALTH_CHECKS, 0);
    private static final ProbeResult EGRESS_BLOCKED = new ProbeResult(false, TargetHealthReason.FAILED_HEALTH_CHECKS,
            0, EGRESS_BLOCKED_DESCRIPTION);

    /** Checks that a failure has a reason and a pass has none. */
    public ProbeResult {
        if (passed == (reason != null)) {
            throw new IllegalArgumentException("a failed probe needs a reason, a passed probe has none");
        }
    }

    /** A result with the reason's own description. */
    public ProbeResult(boolean passed, TargetHealthReason reason, int statusCode) {
        this(passed, reason, statusCode, null);
    }

    /** The target answered as expected (matching HTTP code, or TCP connection accepted). */
    public static ProbeResult pass() {
        return PASS;
    }

    /** The target answered with an HTTP status the matcher does not accept. */
    public static ProbeResult responseCodeMismatch(int statusCode) {
        return new ProbeResult(false, TargetHealthReason.RESPONSE_CODE_MISMATCH, statusCode);
    }

    /** No answer within the health check timeout. */
    public static ProbeResult timeout() {
        return TIMEOUT;
    }

    /** The connection failed (refused, reset) or the answer was malformed. */
    public static ProbeResult failed() {
        return FAILED;
    }

    /** The probe was not sent: no outbound rule of the load balancer's security groups allows it. */
    public static ProbeResult egressBlocked() {
        return EGRESS_BLOCKED;
    }

    /**
     * The health a failure gives a target that turns (or stays) unhealthy. Network load balancers report every
     * failure as {@code Target.FailedHealthChecks}: AWS documents the timeout and response-code reasons for
     * application load balancers only. A failure with a description of its own shows that description.
     */
    TargetHealth unhealthyHealth(boolean applicationSemantics) {
        if (description != null) {
            return new TargetHealth(TargetHealthState.UNHEALTHY, reason, description);
        }
        if (!applicationSemantics) {
            return TargetHealth.of(TargetHealthState.UNHEALTHY, TargetHealthReason.FAILED_HEALTH_CHECKS);
        }
        return reason == TargetHealthReason.RESPONSE_CODE_MISMATCH
                ? TargetHealth.responseCodeMismatch(statusCode)
                : TargetHealth.of(TargetHealthState.UNHEALTHY, reason);
    }
}
