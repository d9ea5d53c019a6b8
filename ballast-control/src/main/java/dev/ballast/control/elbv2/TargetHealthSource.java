package dev.ballast.control.elbv2;

import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.model.Target;
import java.util.List;

/**
 * Where DescribeTargetHealth reads the runtime health of targets (the health tracker, when health checks run).
 *
 * <p>Implementations must be thread-safe: API threads call them concurrently.
 */
public interface TargetHealthSource {
    /** Without health checks every registered target of a group in use receives traffic: it is reported healthy. */
    TargetHealthSource UNCHECKED = (tg, target) -> TargetHealth.HEALTHY;

    /** The health of {@code target} in target group {@code targetGroupArn}. */
    TargetHealth health(String targetGroupArn, Target target);

    /** Targets deregistered from the group that are still draining (AWS lists them until the delay ends). */
    default List<Target> draining(String targetGroupArn) {
        return List.of();
    }
}
