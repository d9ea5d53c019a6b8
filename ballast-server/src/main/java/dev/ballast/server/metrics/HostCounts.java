package dev.ballast.server.metrics;

import dev.ballast.core.health.TargetHealthState;
import dev.ballast.core.health.TargetHealthView;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;

/**
 * HealthyHostCount and UnHealthyHostCount of one target group: its registered targets in state {@code healthy} and
 * {@code unhealthy} (targets still in {@code initial}, {@code draining} or {@code unused} count in neither, as on AWS).
 *
 * <p>Thread-safe (immutable).
 */
record HostCounts(int healthy, int unhealthy) {
    /** Counts {@code group}'s targets by their state in {@code health}. */
    static HostCounts of(TargetGroup group, TargetHealthView health) {
        int healthy = 0;
        int unhealthy = 0;
        for (Target target : group.targets()) {
            TargetHealthState state = health.health(group.arn(), target).state();
            if (state == TargetHealthState.HEALTHY) {
                healthy++;
            } else if (state == TargetHealthState.UNHEALTHY) {
                unhealthy++;
            }
        }
        return new HostCounts(healthy, unhealthy);
    }
}
