package dev.ballast.core.health;

/**
 * A target health reason code with AWS's wire string and the description AWS shows beside it.
 *
 * <p>Thread-safe (enum).
 */
public enum TargetHealthReason {
    REGISTRATION_IN_PROGRESS("Elb.RegistrationInProgress", "Target registration is in progress"),
    INITIAL_HEALTH_CHECKING("Elb.InitialHealthChecking", "Initial health checks in progress"),
    /** Its description names the codes seen: see {@link TargetHealth#responseCodeMismatch(int)}. */
    RESPONSE_CODE_MISMATCH("Target.ResponseCodeMismatch", "Health checks failed with these codes: [%s]"),
    TIMEOUT("Target.Timeout", "Request timed out"),
    FAILED_HEALTH_CHECKS("Target.FailedHealthChecks", "Health checks failed"),
    NOT_REGISTERED("Target.NotRegistered", "Target is not registered to the target group"),
    NOT_IN_USE("Target.NotInUse", "Given target group is not configured to receive traffic from ELB"),
    DEREGISTRATION_IN_PROGRESS("Target.DeregistrationInProgress", "Target deregistration is in progress"),
    INVALID_STATE("Target.InvalidState", "Target is in an invalid state"),
    IP_UNUSABLE("Target.IpUnusable",
            "The IP address cannot be used as a target, as it is in use by a load balancer"),
    HEALTH_CHECK_DISABLED("Target.HealthCheckDisabled", "Health checks are disabled"),
    INTERNAL_ERROR("Elb.InternalError", "Health checks failed due to an internal error");

    private final String wire;
    private final String description;

    TargetHealthReason(String wire, String description) {
        this.wire = wire;
        this.description = description;
    }

    /** AWS's reason code, e.g. {@code Target.Timeout}. */
    public String wire() {
        return wire;
    }

    /** AWS's description; for {@link #RESPONSE_CODE_MISMATCH} a format with one {@code %s} for the codes. */
    public String description() {
        return description;
    }
}
