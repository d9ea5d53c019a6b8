package dev.ballast.control.elbv2;

import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthDescription;
import dev.ballast.core.health.TargetHealthState;
import dev.ballast.core.health.TargetHealthTracker;
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

    /** The health {@code tracker} knows, read from its latest view on every call. */
    static TargetHealthSource of(TargetHealthTracker tracker) {
        return new TargetHealthSource() {
            @Override
            public TargetHealth health(String targetGroupArn, Target target) {
                return tracker.view().health(targetGroupArn, target);
            }

            @Override
            public List<Target> draining(String targetGroupArn) {
                return tracker.view().describe(targetGroupArn).stream()
                        .filter(d -> d.health().state() == TargetHealthState.DRAINING)
                        .map(TargetHealthDescription::target)
                        .toList();
            }
        };
    }

    /** The health of {@code target} in target group {@code targetGroupArn}. */
    TargetHealth health(String targetGroupArn, Target target);

    /** Targets deregistered from the group that are still draining (AWS lists them until the delay ends). */
    default List<Target> draining(String targetGroupArn) {
        return List.of();
    }
}
