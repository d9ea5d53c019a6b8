package dev.ballast.control.elbv2;

import dev.ballast.core.model.Target;

/**
 * Where DescribeTargetHealth reads the runtime health of a registered target of a group in use (the health
 * tracker, when health checks run).
 *
 * <p>Implementations must be thread-safe: API threads call them concurrently.
 */
@FunctionalInterface
public interface TargetHealthSource {
    /** Without health checks every registered target of a group in use receives traffic: it is reported healthy. */
    TargetHealthSource UNCHECKED = (tg, target) -> TargetHealthView.HEALTHY;

    /** The health of {@code target} in target group {@code targetGroupArn}. */
    TargetHealthView health(String targetGroupArn, Target target);
}
