package dev.ballast.control.labels;

import dev.ballast.control.elbv2.TargetGroupCommands.HealthCheckChange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optional {@code ballast.lb.*} settings of a container, applied to the target groups the provider creates for
 * it (and {@code httpsDomain} to the certificate of an HTTPS listener it creates); null fields take AWS's defaults.
 *
 * @param httpsDomain a further name for the certificate of a created HTTPS listener (checked by RequestCertificate)
 * <p>Thread-safe (immutable).
 */
public record LabelTuning(String healthCheckPath, String healthCheckPort, Integer healthCheckInterval,
                          Integer healthyThreshold, Integer unhealthyThreshold, Integer deregistrationDelay,
                          String protocolVersion, String httpsDomain) {
    /** No tuning. */
    public static final LabelTuning NONE = new LabelTuning(null, null, null, null, null, null, null, null);

    /** True when no setting is given. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The health-check settings for CreateTargetGroup, or null for the defaults. */
    public HealthCheckChange healthCheck() {
        if (healthCheckPath == null && healthCheckPort == null && healthCheckInterval == null
                && healthyThreshold == null && unhealthyThreshold == null) {
            return null;
        }
        // AWS refuses a timeout that is not below the interval; a short interval brings the timeout down with it.
        Integer timeout = healthCheckInterval == null ? null : Math.max(2, Math.min(5, healthCheckInterval - 1));
        return new HealthCheckChange(null, null, healthCheckPort, healthCheckPath, healthCheckInterval, timeout,
                healthyThreshold, unhealthyThreshold, null);
    }

    /** The target group attributes to set after creating the group (empty for none). */
    public Map<String, String> attributes() {
        Map<String, String> out = new LinkedHashMap<>();
        if (deregistrationDelay != null) {
            out.put("deregistration_delay.timeout_seconds", String.valueOf(deregistrationDelay));
        }
        return out;
    }
}
